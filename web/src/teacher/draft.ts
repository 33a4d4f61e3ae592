// The editor's working copy of a quiz. Every type's fields live side by side, so switching a
// question's type keeps what the teacher typed; `toQuiz` builds the schema's shape from it.
import { blankImage, imageFromQuiz, imageToQuiz, type ImageDraft } from "./image-draft";
import { LIMITS, type PointsMode, type Question, type QuestionType, type Quiz, type QuizInput, type Visibility } from "../../../schema/quiz";

export interface QDraft extends ImageDraft {
  id: string;
  type: QuestionType;
  text: string;
  timeLimit: number;
  points: PointsMode;
  explanation: string;
  options: string[];
  correctIndex: number;
  correctSet: number[];
  correctBool: boolean;
  accepted: string[];
  items: string[];
  min: number;
  max: number;
  step: number;
  value: number;
  tolerance: number;
}

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

export function blankQuestion(type: QuestionType = "single"): QDraft {
  return {
    id: newId(),
    type,
    text: "",
    ...blankImage(),
    timeLimit: 20,
    points: type === "poll" ? "none" : "standard",
    explanation: "",
    options: ["", "", "", ""],
    correctIndex: 0,
    correctSet: [0],
    correctBool: true,
    accepted: [""],
    items: ["", "", ""],
    min: 0,
    max: 100,
    step: 1,
    value: 50,
    tolerance: 0,
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
  const base = {
    id: d.id,
    text: d.text,
    ...imageToQuiz(d),
    timeLimit: d.timeLimit,
    points: d.points,
    explanation: d.explanation.trim() || undefined,
  };
  switch (d.type) {
    case "single":
      return { ...base, type: "single", options: d.options, correct: d.correctIndex };
    case "multi":
      return { ...base, type: "multi", options: d.options, correct: [...d.correctSet].sort((a, b) => a - b) };
    case "truefalse":
      return { ...base, type: "truefalse", correct: d.correctBool };
    case "text":
      return { ...base, type: "text", accepted: d.accepted };
    case "order":
      return { ...base, type: "order", items: d.items };
    case "slider":
      return { ...base, type: "slider", min: d.min, max: d.max, step: d.step, correct: d.value, tolerance: d.tolerance };
    case "poll":
      return { ...base, type: "poll", options: d.options };
  }
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
  const d = { ...blankQuestion(q.type), id: q.id ?? newId(), text: q.text, ...imageFromQuiz(q), timeLimit: q.timeLimit, points: q.points };
  d.explanation = q.explanation ?? "";
  switch (q.type) {
    case "single":
      return { ...d, options: q.options, correctIndex: q.correct, correctSet: [q.correct] };
    case "multi":
      return { ...d, options: q.options, correctSet: q.correct, correctIndex: q.correct[0] ?? 0 };
    case "truefalse":
      return { ...d, correctBool: q.correct };
    case "text":
      return { ...d, accepted: q.accepted };
    case "order":
      return { ...d, items: q.items };
    case "slider":
      return { ...d, min: q.min, max: q.max, step: q.step, value: q.correct, tolerance: q.tolerance };
    case "poll":
      return { ...d, options: q.options };
  }
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
