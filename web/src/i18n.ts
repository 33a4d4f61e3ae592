// English and Russian. Each area of the app has one string table made with `translator` (the player's
// is web/src/strings.ts, on the player's route; the signed-in pages' tables load with their chunks),
// so the player's page never carries the teacher's strings.
import { useEffect, useState } from "preact/hooks";
import { readItem, writeItem } from "./storage.ts";

export type Lang = "en" | "ru";

const STORE = "qq_lang";

function initial(): Lang {
  const saved = readItem(STORE);
  if (saved === "en" || saved === "ru") return saved;
  return navigator.language?.toLowerCase().startsWith("ru") ? "ru" : "en";
}

let lang: Lang = initial();
document.documentElement.lang = lang;
const listeners = new Set<() => void>();

export const getLang = () => lang;

export function setLang(l: Lang): void {
  lang = l;
  writeItem(STORE, l);
  document.documentElement.lang = l;
  for (const f of listeners) f();
}

/** Re-render the caller when the language changes. */
export function useLang(): Lang {
  const [, set] = useState(0);
  useEffect(() => {
    const f = () => set((n) => n + 1);
    listeners.add(f);
    return () => void listeners.delete(f);
  }, []);
  return lang;
}

export type Vars = Record<string, string | number>;

function fill(s: string, vars?: Vars): string {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}

/**
 * The typed lookup of one table: `t(key, vars?)` accepts only the table's keys. `ru` must have exactly
 * `en`'s keys (NoInfer keeps the keys coming from `en` alone, so a missing or extra Russian key is a
 * type error). Plural forms are "one|few|many" (ru) or "one|other" (en), picked by the `n` variable.
 */
export function translator<const E extends Record<string, string>>(table: {
  en: E;
  ru: NoInfer<{ [K in keyof E]: string }>;
}): (key: keyof E & string, vars?: Vars) => string {
  const dicts: Record<Lang, Record<string, string>> = table;
  return (key, vars) => {
    const s = dicts[lang][key] ?? key;
    if (s.includes("|") && vars && typeof vars.n === "number") {
      const forms = s.split("|");
      const cat = new Intl.PluralRules(lang).select(vars.n);
      const i = lang === "ru" ? (cat === "one" ? 0 : cat === "few" ? 1 : 2) : cat === "one" ? 0 : 1;
      return fill(forms[Math.min(i, forms.length - 1)], vars);
    }
    return fill(s, vars);
  };
}

/** The keys a translator accepts, e.g. `KeyOf<typeof t>`. */
export type KeyOf<T extends (key: never, vars?: Vars) => string> = Parameters<T>[0];
