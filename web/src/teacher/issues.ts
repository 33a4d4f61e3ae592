// The schema's validation messages in the teacher's language: zod's own messages through its
// locales, and the quiz schema's custom English messages through the patterns below.
import { z } from "zod";
import en from "zod/v4/locales/en.js";
import ru from "zod/v4/locales/ru.js";
import { getLang } from "../i18n";

let configured = "";
/** Call before parsing, so zod's built-in messages come out in the current language. */
export function applyZodLanguage(): void {
  const lang = getLang();
  if (configured === lang) return;
  configured = lang;
  z.config(lang === "ru" ? ru() : en());
}

const WHAT: Record<string, string> = {
  "question text": "Текст вопроса",
  option: "Вариант",
  "accepted answer": "Принимаемый ответ",
  title: "Название",
  tag: "Тег",
};

const FIXED: Record<string, string> = {
  "image must be an https URL": "Ссылка на картинку должна начинаться с https://",
  "image is not the address of an uploaded image": "Это не адрес загруженной картинки",
  "an image needs alt text, or mark it as decorative": "Опишите картинку или отметьте, что она только для украшения",
  "alt text must be at most 250 characters": "Описание картинки: не длиннее 250 символов",
  "correct must be the index of an option": "Отметьте верный вариант",
  "at least one option must be correct": "Отметьте хотя бы один верный вариант",
  "correct must list indexes of options": "Отметьте верные варианты",
  "correct has duplicates": "Верные варианты повторяются",
  "max must be greater than min": "Максимум должен быть больше минимума",
  "correct must lie within min..max": "Верное значение должно быть между минимумом и максимумом",
  "step is too small for the range": "Шаг слишком мал для такого диапазона",
  "language must be a language tag such as en or ru": "Язык — код вроде en или ru",
  "a quiz needs at least one question": "Нужен хотя бы один вопрос",
};

export function localizeIssue(message: string): string {
  if (getLang() !== "ru") return message;
  if (FIXED[message]) return FIXED[message];
  let m = /^(.+) must not be empty$/.exec(message);
  if (m) return `${WHAT[m[1]] ?? m[1]} — обязательное поле`;
  m = /^(.+) must be at most (\d+) characters$/.exec(message);
  if (m) return `${WHAT[m[1]] ?? m[1]}: не длиннее ${m[2]} символов`;
  return message;
}
