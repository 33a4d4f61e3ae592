// Nicknames (docs/product.md §5): normalised, checked, and compared by a "skeleton" that folds
// look-alike characters, so nobody can join as "Аlice" (Cyrillic А) next to "Alice". Pure.

import unhomoglyph from "unhomoglyph";
import { NICKNAME_MAX } from "../../schema/constants.ts";

export type NicknameCheck = { ok: true; nickname: string; skeleton: string } | { ok: false; reason: string };

// Control, format (zero-width, bidi overrides), line/paragraph separators, private use, unassigned,
// surrogates; and the Hangul fillers, letters by category that render as nothing ("Alice\u3164"
// would otherwise sit next to "Alice" looking just like it).
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\u115F\u1160\u3164\uFFA0]/u;

// The look-alike data is Unicode's confusables (UTS #39 prototypes, confusables.txt) as packaged by
// `unhomoglyph`: Cyrillic/Greek/Armenian/Cherokee letters and thousands more map to the Latin letter they
// read as (Ꭺ→A, Ս→U, օ→o, а→a), case-sensitively (I→l, 0→O, m→rn). It is applied before and after
// lowercasing because some lowercase forms (Cherokee ꭺ) only have a prototype once cased.

// UTS #39 gives the Latin small capitals no Latin prototype (ᴀ is its own prototype, so "ᴀlice" would sit
// beside "Alice"); a reader sees the capital letter, so they fold to it here.
// biome-ignore format: a table
const SMALL_CAPITALS: Record<string, string> = {
  ᴀ: "a", ʙ: "b", ᴄ: "c", ᴅ: "d", ᴇ: "e", ꜰ: "f", ɢ: "g", ʜ: "h", ɪ: "i", ᴊ: "j", ᴋ: "k", ʟ: "l", ᴍ: "m",
  ɴ: "n", ᴏ: "o", ᴘ: "p", ꞯ: "q", ʀ: "r", ꜱ: "s", ᴛ: "t", ᴜ: "u", ᴠ: "v", ᴡ: "w", ʏ: "y", ᴢ: "z",
};
// Letters whose UTS #39 prototype is not the Latin letter a reader takes them for in a name (ε's prototype
// is ꞓ, μ's is itself, п's is π): kept from the hand-made table this data replaced.
// biome-ignore format: a table
const READINGS: Record<string, string> = { ε: "e", μ: "u", п: "n", ь: "b", з: "3", ч: "4" };
// Digits and signs that read as letters (leetspeak), applied on the folded lowercase text; "i" joins the
// 1/l/I family, which the data already folds to "l".
// biome-ignore format: a table
const LEET: Record<string, string> = {
  "0": "o", "1": "l", i: "l", "|": "l", "!": "l", "5": "s", $: "s", "@": "a", "3": "e", "4": "a", "7": "t", "8": "b",
};
// Multi-letter look-alikes, folded after the single characters (the data turns m into rn; this turns both back).
const SEQUENCES: [RegExp, string][] = [
  [/rn/g, "m"],
  [/vv/g, "w"],
  [/cl/g, "d"],
];
// Spacing and punctuation that only pad a name ("A.l i_c-e"); runs after the leetspeak map, so "$" and "@" count as letters.
const FILLER = /[\s\p{P}\p{S}]/gu;
const MARKS = /\p{M}/gu;

// Both tables fold only letters beyond ASCII: most names (every join checks one) skip the walk.
const BEYOND_PRINTABLE_ASCII = /[^ -~]/;
const supplement = (s: string) =>
  BEYOND_PRINTABLE_ASCII.test(s) ? Array.from(s, (ch) => SMALL_CAPITALS[ch] ?? READINGS[ch] ?? ch).join("") : s;
// One pass of the data: prototypes, then accents and case dropped (prototypes may carry marks, "ł"→"l̸").
const fold = (s: string) => unhomoglyph(supplement(s)).normalize("NFKD").replace(MARKS, "").toLowerCase();

/** A key equal for names that look alike: compare skeletons to decide uniqueness. */
export function skeleton(name: string): string {
  let s = fold(fold(name.normalize("NFKD")));
  s = Array.from(supplement(s), (ch) => LEET[ch] ?? ch).join("");
  s = s.replace(FILLER, "");
  for (const [re, to] of SEQUENCES) s = s.replace(re, to);
  return s;
}

// Kept small on purpose: the host can still kick; this only stops the obvious. Matched on the skeleton.
// biome-ignore format: a table
const BLOCKED = ["fuck", "fuk", "shit", "cunt", "nigger", "nigga", "faggot", "whore", "slut", "bitch", "rape", "nazi", "hitler", "penis", "vagina", "porn", "dick", "cock", "pussy", "asshole", "wank",
  "хуй", "хуи", "пизд", "ебат", "ебан", "блядь", "бляд", "сука", "муда", "пидор"];
const BLOCKED_SKELETONS = [...new Set(BLOCKED.flatMap((w) => [skeleton(w), w]))];

/** `skel`: the name's skeleton, when the caller has it already (it is the costly part of a join's checks). */
export function isBlocked(name: string, skel = skeleton(name)): boolean {
  const plain = name.normalize("NFKD").replace(MARKS, "").toLowerCase().replace(/\s+/g, "");
  return BLOCKED_SKELETONS.some((w) => skel.includes(w) || plain.includes(w));
}

/** NFKC, trimmed, inner whitespace collapsed; 1–20 characters (code points), nothing invisible, not blocked. */
export function checkNickname(raw: string): NicknameCheck {
  const normalised = raw.normalize("NFKC");
  // Checked before trimming: a tab or line separator is refused, not silently turned into a space.
  if (FORBIDDEN.test(normalised)) return { ok: false, reason: "the nickname contains invisible or control characters" };
  const nickname = normalised.trim().replace(/\s+/g, " ");
  const length = Array.from(nickname).length;
  if (length < 1) return { ok: false, reason: "choose a nickname" };
  if (length > NICKNAME_MAX) return { ok: false, reason: `a nickname has at most ${NICKNAME_MAX} characters` };
  const skel = skeleton(nickname);
  if (skel.length === 0) return { ok: false, reason: "a nickname needs at least one letter or digit" };
  if (isBlocked(nickname, skel)) return { ok: false, reason: "please choose another nickname" };
  return { ok: true, nickname, skeleton: skel };
}

// biome-ignore format: a table
const ADJECTIVES = ["Brave", "Calm", "Clever", "Cosy", "Curious", "Daring", "Eager", "Fancy", "Gentle", "Happy", "Jolly", "Kind", "Lucky", "Merry", "Mighty", "Nimble", "Polite", "Proud", "Quick", "Quiet", "Shiny", "Silly", "Sunny", "Swift", "Witty", "Zesty", "Bold", "Bright", "Cheery", "Fuzzy"];
// biome-ignore format: a table
const ANIMALS = ["Otter", "Panda", "Koala", "Falcon", "Dolphin", "Badger", "Beaver", "Fox", "Hedgehog", "Lynx", "Moose", "Owl", "Penguin", "Puffin", "Rabbit", "Raccoon", "Seal", "Squirrel", "Tiger", "Turtle", "Walrus", "Whale", "Yak", "Zebra", "Alpaca", "Bison", "Gecko", "Heron", "Lemur", "Llama"];

/** A friendly "Adjective Animal" whose skeleton is not taken; a number is appended once the pairs run out. */
export function generateNickname(
  taken: (skeleton: string) => boolean,
  random: () => number = Math.random,
): { nickname: string; skeleton: string } {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  for (let attempt = 0; attempt < 40; attempt++) {
    const nickname = `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
    const skel = skeleton(nickname);
    if (!taken(skel)) return { nickname, skeleton: skel };
  }
  for (let n = 2; ; n++) {
    const nickname = `${pick(ADJECTIVES)} ${pick(ANIMALS)} ${n}`;
    const skel = skeleton(nickname);
    if (!taken(skel)) return { nickname, skeleton: skel };
  }
}
