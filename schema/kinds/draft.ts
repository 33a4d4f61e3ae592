// The teacher's working copy of a question, as the kinds define it: the common fields and every
// kind's own fields side by side, so switching a question's type keeps what the teacher typed.
import type { Question, QuestionInput, QuestionType } from "../quiz.ts";
import { KINDS, kindFor, kindOf } from "./index.ts";
import type { CommonInput, DraftBase } from "./kind.ts";

type FieldsOf<K> = K extends { draft: { blank(): infer F } } ? F : never;
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type KindFields = Intersection<FieldsOf<(typeof KINDS)[QuestionType]>>;

export type QuestionDraft = DraftBase & KindFields;

/** Every kind's fields as a new question starts them. */
export const blankKindFields = (): KindFields => Object.assign({}, ...Object.values(KINDS).map((k) => k.draft.blank()));

/** The schema's input for the draft's type (the other kinds' fields are left out). */
export const draftToInput = (d: QuestionDraft, common: CommonInput): QuestionInput =>
  kindFor(d.type).draft.toInput(d, common);

/** The draft fields a saved question fills in (its kind's own). */
export const draftFieldsOf = (q: Question): Partial<KindFields> => kindOf(q).draft.fromQuestion(q);

/** Points a new question of the type starts with: none for a kind that is never right or wrong. */
export const defaultPoints = (type: QuestionType): DraftBase["points"] => (kindFor(type).scored ? "standard" : "none");
