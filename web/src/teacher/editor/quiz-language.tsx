// The quiz's language as a choice: a handful of languages, each named in itself, and a value saved
// before the list existed (any tag the schema accepts) kept as one more option.

/** Offered in this order; the schema accepts any tag such as "pt-BR", so older quizzes may hold others. */
import { et } from "./strings.ts";
export const QUIZ_LANGUAGES = [
  "en",
  "ru",
  "uk",
  "kk",
  "be",
  "uz",
  "de",
  "fr",
  "es",
  "it",
  "pt",
  "pl",
  "tr",
  "zh",
  "ja",
];

/** "English", "Русский"…: a language in its own words (the code when the browser cannot name it). */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: "language" }).of(code);
    return name && name !== code ? name[0].toLocaleUpperCase(code) + name.slice(1) : code;
  } catch {
    return code;
  }
}

export function LanguageSelect({
  id,
  value,
  onChange,
  invalid,
}: {
  id: string;
  value: string;
  onChange: (code: string) => void;
  invalid: Record<string, unknown>;
}) {
  const known = QUIZ_LANGUAGES.includes(value) || value === "";
  const stored = languageName(value) === value ? value : `${languageName(value)} — ${value}`;
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)} {...invalid}>
      {!known && <option value={value}>{et("lang.stored", { code: stored })}</option>}
      {QUIZ_LANGUAGES.map((code) => (
        <option key={code} value={code} lang={code}>
          {languageName(code)}
        </option>
      ))}
    </select>
  );
}
