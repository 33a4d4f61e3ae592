// English and Russian. Player strings live here; the teacher's chunk adds its own with addStrings,
// so the player's page never carries them.
import { useEffect, useState } from "preact/hooks";
import { readItem, writeItem } from "./storage.ts";
import { en, ru, type PlayerKey } from "./strings.ts";

export type Lang = "en" | "ru";

const dicts: Record<Lang, Record<string, string>> = { en: { ...en }, ru: { ...ru } };
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

export function addStrings(more: Record<Lang, Record<string, string>>): void {
  Object.assign(dicts.en, more.en);
  Object.assign(dicts.ru, more.ru);
}

type Vars = Record<string, string | number>;

function fill(s: string, vars?: Vars): string {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}

/** Untyped lookup for the teacher's keys (its module wraps it in a typed function). */
export function translate(key: string, vars?: Vars): string {
  const s = dicts[lang][key] ?? dicts.en[key] ?? key;
  // Plural forms are "one|few|many" (ru) or "one|other" (en), picked by the `n` variable.
  if (s.includes("|") && vars && typeof vars.n === "number") {
    const forms = s.split("|");
    const cat = new Intl.PluralRules(lang).select(vars.n);
    const i = lang === "ru" ? (cat === "one" ? 0 : cat === "few" ? 1 : 2) : cat === "one" ? 0 : 1;
    return fill(forms[Math.min(i, forms.length - 1)], vars);
  }
  return fill(s, vars);
}

export const t = (key: PlayerKey, vars?: Vars) => translate(key, vars);
