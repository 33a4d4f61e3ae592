// The editor's working copy of a quiz. Each question keeps every kind's fields side by side
// (schema/kinds/draft.ts), so switching its type keeps what the teacher typed; `toQuiz` builds the
// schema's shape from it, the question's kind choosing the fields.
import {
  blankKindFields,
  defaultPoints,
  draftFieldsOf,
  draftToInput,
  type QuestionDraft,
} from "../../../../schema/kinds/draft.ts";
import {
  LIMITS,
  QUESTION_TYPES,
  type Question,
  type QuestionType,
  type Quiz,
  type QuizInput,
  type Visibility,
} from "../../../../schema/quiz.ts";
import { blankImage, imageFromQuiz, imageToQuiz, type ImageDraft } from "./image-draft.ts";

export type QDraft = QuestionDraft;

export interface Draft {
  title: string;
  description: string;
  tags: string;
  language: string;
  visibility: Visibility;
  cover: ImageDraft;
  questions: QDraft[];
}

export const newId = () => Math.random().toString(36).slice(2, 10);

export function blankQuestion(type: QuestionType = QUESTION_TYPES[0]): QDraft {
  return {
    id: newId(),
    type,
    text: "",
    ...blankImage(),
    timeLimit: 20,
    points: defaultPoints(type),
    explanation: "",
    ...blankKindFields(),
  };
}

export const blankDraft = (): Draft => ({
  title: "",
  description: "",
  tags: "",
  language: document.documentElement.lang || "en",
  visibility: "private",
  cover: blankImage(),
  questions: [blankQuestion()],
});

export function toQuestion(d: QDraft): QuizInput["questions"][number] {
  const common = {
    id: d.id,
    text: d.text,
    ...imageToQuiz(d),
    timeLimit: d.timeLimit,
    points: d.points,
    explanation: d.explanation.trim() || undefined,
  };
  return draftToInput(d, common);
}

export function toQuiz(d: Draft): QuizInput {
  return {
    title: d.title,
    description: d.description,
    tags: d.tags
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    language: d.language,
    visibility: d.visibility,
    ...(d.cover.image.trim() ? { cover: imageToQuiz(d.cover) as QuizInput["cover"] } : {}),
    questions: d.questions.map(toQuestion),
  };
}

export function fromQuestion(q: Question): QDraft {
  const common = {
    id: q.id ?? newId(),
    text: q.text,
    ...imageFromQuiz(q),
    timeLimit: q.timeLimit,
    points: q.points,
    explanation: q.explanation ?? "",
  };
  return { ...blankQuestion(q.type), ...common, ...draftFieldsOf(q) };
}

export function fromQuiz(q: Quiz): Draft {
  return {
    title: q.title,
    description: q.description,
    tags: q.tags.join(", "),
    language: q.language,
    visibility: q.visibility,
    cover: imageFromQuiz(q.cover),
    questions: q.questions.map(fromQuestion),
  };
}

export { LIMITS };
