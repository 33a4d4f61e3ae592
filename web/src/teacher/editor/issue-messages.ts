// What the editor says about an invalid field: a sentence telling the teacher what to do, in
// English or Russian, worked out from the issue's path (which field, which question) and its cause
// (empty, too long, too few …) rather than from the schema's terse English. Pure (no DOM, no
// dictionary), so a test can walk every issue the schema produces.
import { LIMITS } from "../../../../schema/quiz.ts";
import { MEDIA_LIMITS } from "../../../../schema/media.ts";
import { ALT_REQUIRED } from "../../../../schema/image.ts";

export type IssueLang = "en" | "ru";

/**
 * An issue from zod (code, path as an array, its parameters) or from the server's 400 answer
 * (path joined with dots, the English message only).
 */
export interface IssueLike {
  path: readonly PropertyKey[] | string;
  message: string;
  code?: string;
  origin?: string;
  expected?: string;
}

type Cause = "empty" | "long" | "few" | "many" | "missing" | "range" | "format" | "formula" | "other";

/** The cause, from zod's code when there is one, else from the server's English message. */
function causeOf(i: IssueLike): Cause {
  const m = i.message;
  if (/^formula\b|^a formula opened with/.test(m)) return "formula";
  switch (i.code) {
    case "too_small":
      return i.origin === "string" ? "empty" : i.origin === "array" ? "few" : "range";
    case "too_big":
      return i.origin === "string" ? "long" : i.origin === "array" ? "many" : "range";
    case "invalid_type":
      return i.expected === "int" ? "range" : "missing";
    case "not_multiple_of":
      return "range";
    case "invalid_format":
    case "invalid_value":
    case "invalid_union":
      return "format";
  }
  if (/must not be empty$|^Too small: expected string/.test(m)) return "empty";
  if (/must be at most \d+ characters$|^Too big: expected string/.test(m)) return "long";
  if (/^Too small: expected array/.test(m)) return "few";
  if (/^Too big: expected array/.test(m)) return "many";
  if (/^Too (small|big): expected number|expected int/.test(m)) return "range";
  if (/^Invalid input: expected (number|boolean)/.test(m)) return "missing";
  if (/^Invalid (option|input)|language tag/.test(m)) return "format";
  return "other";
}

const ORDINAL_EN = ["zero", "one", "two", "three", "four", "five", "six"];
const COUNT_RU = ["ноль", "один", "два", "три", "четыре", "пять", "шесть"];
const word = (lang: IssueLang, n: number) => (lang === "ru" ? COUNT_RU : ORDINAL_EN)[n] ?? String(n);
/** Russian noun after a number: 1 вариант, 2 варианта, 5 вариантов. */
function ruPlural(n: number, one: string, few: string, many: string): string {
  const t = n % 100;
  if (t >= 11 && t <= 14) return many;
  return n % 10 === 1 ? one : n % 10 >= 2 && n % 10 <= 4 ? few : many;
}

type Vars = { q: number; n: number; max: number; min: number; detail: string };
type Text = (v: Vars, lang: IssueLang) => string;
const both =
  (en: (v: Vars) => string, ru: (v: Vars) => string): Text =>
  (v, lang) =>
    lang === "ru" ? ru(v) : en(v);

// One entry per field and cause; "*" is the field's message for any other cause.
const QUIZ: Record<string, Partial<Record<Cause | "*", Text>>> = {
  title: {
    empty: both(
      () => "Give the quiz a title.",
      () => "Дайте викторине название.",
    ),
    long: both(
      (v) => `Shorten the title to ${v.max} characters or fewer.`,
      (v) => `Сократите название до ${v.max} символов.`,
    ),
  },
  description: {
    "*": both(
      (v) => `Shorten the description to ${v.max} characters or fewer.`,
      (v) => `Сократите описание до ${v.max} символов.`,
    ),
  },
  tags: {
    "*": both(
      (v) => `Use at most ${v.max} tags.`,
      (v) => `Оставьте не больше ${v.max} тегов.`,
    ),
  },
  tag: {
    empty: both(
      () => "Remove the empty tag between the commas.",
      () => "Уберите пустой тег между запятыми.",
    ),
    "*": both(
      (v) => `Shorten each tag to ${v.max} characters or fewer.`,
      (v) => `Сократите каждый тег до ${v.max} символов.`,
    ),
  },
  language: {
    "*": both(
      () => "Choose the quiz's language from the list.",
      () => "Выберите язык викторины из списка.",
    ),
  },
  visibility: {
    "*": both(
      () => "Choose who can see the quiz.",
      () => "Выберите, кому видна викторина.",
    ),
  },
  questions: {
    few: both(
      () => "Add at least one question.",
      () => "Добавьте хотя бы один вопрос.",
    ),
    "*": both(
      (v) => `A quiz holds at most ${v.max} questions: remove some, or split it into two quizzes.`,
      (v) => `В викторине не больше ${v.max} вопросов: уберите лишние или разделите её на две.`,
    ),
  },
};

const QUESTION: Record<string, Partial<Record<Cause | "*", Text>>> = {
  text: {
    empty: both(
      (v) => `Write the text of question ${v.q}.`,
      (v) => `Напишите текст вопроса ${v.q}.`,
    ),
    "*": both(
      (v) => `Question ${v.q}: shorten the text to ${v.max} characters or fewer.`,
      (v) => `Вопрос ${v.q}: сократите текст до ${v.max} символов.`,
    ),
  },
  options: {
    few: both(
      (v) => `Question ${v.q} needs at least ${word("en", v.min)} options.`,
      (v) =>
        `В вопросе ${v.q} нужно хотя бы ${word("ru", v.min)} ${ruPlural(v.min, "вариант", "варианта", "вариантов")}.`,
    ),
    "*": both(
      (v) => `Question ${v.q} can have at most ${v.max} options: remove one.`,
      (v) => `В вопросе ${v.q} может быть не больше ${v.max} вариантов: уберите лишний.`,
    ),
  },
  option: {
    empty: both(
      (v) => `Question ${v.q}: fill in option ${v.n}, or remove it.`,
      (v) => `Вопрос ${v.q}: заполните вариант ${v.n} или уберите его.`,
    ),
    "*": both(
      (v) => `Question ${v.q}: shorten option ${v.n} to ${v.max} characters or fewer.`,
      (v) => `Вопрос ${v.q}: сократите вариант ${v.n} до ${v.max} символов.`,
    ),
  },
  accepted: {
    few: both(
      (v) => `Question ${v.q}: add at least one answer that counts as right.`,
      (v) => `Вопрос ${v.q}: добавьте хотя бы один ответ, который засчитывается.`,
    ),
    "*": both(
      (v) => `Question ${v.q} can have at most ${v.max} accepted answers.`,
      (v) => `В вопросе ${v.q} может быть не больше ${v.max} принимаемых ответов.`,
    ),
  },
  acceptedOne: {
    empty: both(
      (v) => `Question ${v.q}: fill in accepted answer ${v.n}, or remove it.`,
      (v) => `Вопрос ${v.q}: заполните принимаемый ответ ${v.n} или уберите его.`,
    ),
    "*": both(
      (v) => `Question ${v.q}: shorten accepted answer ${v.n} to ${v.max} characters or fewer.`,
      (v) => `Вопрос ${v.q}: сократите принимаемый ответ ${v.n} до ${v.max} символов.`,
    ),
  },
  items: {
    few: both(
      (v) => `Question ${v.q} needs at least ${word("en", v.min)} items to put in order.`,
      (v) =>
        `В вопросе ${v.q} нужно хотя бы ${word("ru", v.min)} ${ruPlural(v.min, "пункт", "пункта", "пунктов")} для упорядочивания.`,
    ),
    "*": both(
      (v) => `Question ${v.q} can have at most ${v.max} items: remove one.`,
      (v) => `В вопросе ${v.q} может быть не больше ${v.max} пунктов: уберите лишний.`,
    ),
  },
  item: {
    empty: both(
      (v) => `Question ${v.q}: fill in item ${v.n}, or remove it.`,
      (v) => `Вопрос ${v.q}: заполните пункт ${v.n} или уберите его.`,
    ),
    "*": both(
      (v) => `Question ${v.q}: shorten item ${v.n} to ${v.max} characters or fewer.`,
      (v) => `Вопрос ${v.q}: сократите пункт ${v.n} до ${v.max} символов.`,
    ),
  },
  timeLimit: {
    missing: both(
      (v) => `Question ${v.q}: enter the time to answer, in seconds.`,
      (v) => `Вопрос ${v.q}: укажите время на ответ в секундах.`,
    ),
    "*": both(
      (v) => `Question ${v.q}: the time to answer must be a whole number of seconds from ${v.min} to ${v.max}.`,
      (v) => `Вопрос ${v.q}: время на ответ — целое число секунд от ${v.min} до ${v.max}.`,
    ),
  },
  points: {
    "*": both(
      (v) => `Question ${v.q}: choose how many points it gives.`,
      (v) => `Вопрос ${v.q}: выберите, сколько очков он даёт.`,
    ),
  },
  type: {
    "*": both(
      (v) => `Question ${v.q}: choose its type.`,
      (v) => `Вопрос ${v.q}: выберите тип вопроса.`,
    ),
  },
  explanation: {
    "*": both(
      (v) => `Question ${v.q}: shorten the explanation to ${v.max} characters or fewer.`,
      (v) => `Вопрос ${v.q}: сократите пояснение до ${v.max} символов.`,
    ),
  },
  min: {
    "*": both(
      (v) => `Question ${v.q}: enter the slider's minimum.`,
      (v) => `Вопрос ${v.q}: укажите минимум шкалы.`,
    ),
  },
  max: {
    missing: both(
      (v) => `Question ${v.q}: enter the slider's maximum.`,
      (v) => `Вопрос ${v.q}: укажите максимум шкалы.`,
    ),
    "*": both(
      (v) => `Question ${v.q}: make the maximum greater than the minimum.`,
      (v) => `Вопрос ${v.q}: максимум должен быть больше минимума.`,
    ),
  },
  step: {
    missing: both(
      (v) => `Question ${v.q}: enter the slider's step.`,
      (v) => `Вопрос ${v.q}: укажите шаг шкалы.`,
    ),
    range: both(
      (v) => `Question ${v.q}: the step must be greater than zero.`,
      (v) => `Вопрос ${v.q}: шаг должен быть больше нуля.`,
    ),
    "*": both(
      (v) => `Question ${v.q}: the step is too small for this range; make it bigger.`,
      (v) => `Вопрос ${v.q}: шаг слишком мал для такого диапазона — увеличьте его.`,
    ),
  },
  tolerance: {
    missing: both(
      (v) => `Question ${v.q}: enter the tolerance, or 0 to accept only the exact value.`,
      (v) => `Вопрос ${v.q}: укажите допуск или 0, чтобы засчитывать только точное значение.`,
    ),
    "*": both(
      (v) => `Question ${v.q}: the tolerance cannot be negative.`,
      (v) => `Вопрос ${v.q}: допуск не может быть отрицательным.`,
    ),
  },
};

/** The right answer: which message depends on the kind, told apart by the schema's message or expected type. */
function correctText(i: IssueLike, cause: Cause): Text {
  if (i.message === "correct must lie within min..max")
    return both(
      (v) => `Question ${v.q}: the correct value must lie between the minimum and the maximum.`,
      (v) => `Вопрос ${v.q}: верное значение должно быть между минимумом и максимумом.`,
    );
  if (cause === "missing" && (i.expected === "boolean" || /expected boolean/.test(i.message)))
    return both(
      (v) => `Question ${v.q}: choose whether the statement is true or false.`,
      (v) => `Вопрос ${v.q}: выберите, верно утверждение или нет.`,
    );
  if (cause === "missing" && i.message !== "correct must be the index of an option")
    return both(
      (v) => `Question ${v.q}: enter the correct value.`,
      (v) => `Вопрос ${v.q}: укажите верное значение.`,
    );
  if (cause === "few" || /at least one option|indexes of options|duplicates/.test(i.message))
    return both(
      (v) => `Question ${v.q}: mark at least one right option.`,
      (v) => `Вопрос ${v.q}: отметьте хотя бы один верный вариант.`,
    );
  return both(
    (v) => `Question ${v.q}: mark the right option.`,
    (v) => `Вопрос ${v.q}: отметьте верный вариант.`,
  );
}

/** A picture's address or alt text, of a question (`q`) or the cover (q = 0). */
function imageText(field: "image" | "imageAlt", i: IssueLike, cause: Cause): Text {
  const where = (v: Vars, lang: IssueLang) =>
    v.q ? (lang === "ru" ? `Вопрос ${v.q}` : `Question ${v.q}`) : lang === "ru" ? "Обложка" : "Cover picture";
  const at =
    (en: string, ru: string): Text =>
    (v, lang) =>
      `${where(v, lang)}: ${lang === "ru" ? ru : en}`;
  if (field === "imageAlt")
    return i.message === ALT_REQUIRED || cause === "empty" || cause === "missing"
      ? at("describe the picture, or mark it as decorative.", "опишите картинку или отметьте, что она для украшения.")
      : at(
          `shorten the picture's description to ${MEDIA_LIMITS.alt} characters or fewer.`,
          `сократите описание картинки до ${MEDIA_LIMITS.alt} символов.`,
        );
  if (/uploaded image/.test(i.message))
    return at(
      "this is not the address of a picture uploaded here; upload the picture again.",
      "это не адрес загруженной сюда картинки — загрузите картинку заново.",
    );
  if (cause === "long")
    return at(
      "the picture's address is too long; upload the file instead.",
      "адрес картинки слишком длинный — загрузите файл.",
    );
  return at(
    "the picture's address must start with https://, or upload the file instead.",
    "адрес картинки должен начинаться с https://, или загрузите файл.",
  );
}

const formulaText: Text = both(
  (v) => `${v.q ? `Question ${v.q}: ` : ""}a formula cannot be shown (${v.detail}). Check what is written in it.`,
  (v) => `${v.q ? `Вопрос ${v.q}: ` : ""}формулу не получается показать (${v.detail}). Проверьте, как она записана.`,
);

const fallback: Text = both(
  (v) => (v.q ? `Question ${v.q}: check this field.` : "Check this field."),
  (v) => (v.q ? `Вопрос ${v.q}: проверьте это поле.` : "Проверьте это поле."),
);

/** The longest a field may be, and the fewest/most of a list, by field name. */
const BOUNDS: Record<string, { min?: number; max?: number }> = {
  title: { max: LIMITS.title },
  description: { max: LIMITS.description },
  tags: { max: LIMITS.tags },
  tag: { max: LIMITS.tag },
  questions: { max: LIMITS.maxQuestions },
  text: { max: LIMITS.questionText },
  options: { min: LIMITS.minOptions, max: LIMITS.maxOptions },
  option: { max: LIMITS.optionText },
  accepted: { max: LIMITS.acceptedAnswers },
  acceptedOne: { max: LIMITS.typedAnswer },
  items: { min: LIMITS.minOrderItems, max: LIMITS.maxOrderItems },
  item: { max: LIMITS.optionText },
  timeLimit: { min: LIMITS.minTime, max: LIMITS.maxTime },
  explanation: { max: LIMITS.explanation },
};

const ONE_OF: Record<string, string> = { options: "option", accepted: "acceptedOne", items: "item", tags: "tag" };

/** The issue's path as an array: a server issue's "questions.2.options.1" → ["questions", 2, "options", 1]. */
export function pathOf(i: IssueLike): (string | number)[] {
  const parts = typeof i.path === "string" ? i.path.split(".") : i.path.map(String);
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** A sentence saying what to do about the issue, in `lang`. */
export function describeIssue(i: IssueLike, lang: IssueLang): string {
  const path = pathOf(i);
  const cause = causeOf(i);
  const vars: Vars = { q: 0, n: 0, min: 0, max: 0, detail: i.message.replace(/^formula\s*/, "") };
  let field = String(path[0] ?? "");
  let rest = path.slice(1);
  let table = QUIZ;
  if (field === "questions" && typeof path[1] === "number") {
    vars.q = path[1] + 1;
    field = String(path[2] ?? "");
    rest = path.slice(3);
    table = QUESTION;
  } else if (field === "cover") {
    field = String(path[1] ?? "");
    rest = [];
  }
  if (cause === "formula") return formulaText(vars, lang);
  if (field === "image" || field === "imageAlt") return imageText(field, i, cause)(vars, lang);
  if (table === QUESTION && field === "correct") return correctText(i, cause)(vars, lang);
  if (typeof rest[0] === "number" && ONE_OF[field]) {
    vars.n = rest[0] + 1;
    field = ONE_OF[field];
  }
  Object.assign(vars, BOUNDS[field] ?? {});
  const entry = table[field];
  const text = entry?.[cause] ?? entry?.["*"] ?? fallback;
  return text(vars, lang);
}
