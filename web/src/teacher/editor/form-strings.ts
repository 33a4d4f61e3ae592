// Strings of the quiz form: placeholders, the language list, the preview as a player. (The
// validation messages are in issue-messages.ts.) `ru` must match `en`'s keys.
import { addStrings, translate } from "../../i18n.ts";

const en = {
  "ph.title": "For example: Fractions, grade 5",
  "ph.description": "What the quiz is about, for you and other teachers",
  "ph.tags": "fractions, grade-5",
  "ph.text": "The question players will read",
  "ph.option": "Option {n}",
  "ph.accepted": "An answer that counts as right",
  "ph.item": "An item",
  "ph.explanation": "Shown to players after the question (optional)",
  "ph.url": "https://…",
  "ph.alt": "For example: A map of Europe with France in red",
  "lang.stored": "{code} (as saved)",
  "pv.open": "Preview as a player",
  "pv.title": "Question {n} on a player's phone",
  "pv.hint": "Nothing is saved or sent: answer as a player would, then see the result.",
  "pv.fix": "This question cannot be shown yet. Fix its marked fields first.",
  "pv.math": "Formulas show here as written; players see them typeset.",
  "pv.right": "Right answer (the projector shows it at the reveal): {a}",
  "pv.poll": "A poll has no right answer: every vote counts.",
  "pv.again": "Answer again",
  "pv.close": "Close the preview",
  "pv.you": "You",
  "pv.within": "{v} (± {t})",
} as const;

type Key = keyof typeof en;

const ru: Record<Key, string> = {
  "ph.title": "Например: Дроби, 5 класс",
  "ph.description": "О чём викторина — для вас и других учителей",
  "ph.tags": "дроби, 5-класс",
  "ph.text": "Вопрос, который прочтут игроки",
  "ph.option": "Вариант {n}",
  "ph.accepted": "Ответ, который засчитывается",
  "ph.item": "Пункт",
  "ph.explanation": "Игроки увидят его после вопроса (необязательно)",
  "ph.url": "https://…",
  "ph.alt": "Например: карта Европы, Франция выделена красным",
  "lang.stored": "{code} (как сохранено)",
  "pv.open": "Посмотреть глазами игрока",
  "pv.title": "Вопрос {n} на телефоне игрока",
  "pv.hint": "Ничего не сохраняется и не отправляется: ответьте как игрок и посмотрите результат.",
  "pv.fix": "Этот вопрос пока нельзя показать. Сначала исправьте отмеченные поля.",
  "pv.math": "Здесь формулы показаны как записаны; игроки увидят их оформленными.",
  "pv.right": "Верный ответ (проектор показывает его после вопроса): {a}",
  "pv.poll": "В опросе нет верного ответа: засчитывается любой голос.",
  "pv.again": "Ответить ещё раз",
  "pv.close": "Закрыть предпросмотр",
  "pv.you": "Вы",
  "pv.within": "{v} (± {t})",
};

addStrings({ en, ru });

export const ft = (key: Key, vars?: Record<string, string | number>) => translate(key, vars);
