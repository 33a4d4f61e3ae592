// How each question type shows on the projector (the host's per-type components, keyed by type at
// the end): what the class sees while it answers, and how the reveal's bars read.
import type { FunctionComponent } from "preact";
import type { QuestionView } from "../../../../schema/messages.ts";
import type { QuestionType } from "../../../../schema/quiz.ts";
import { RichLabel } from "../../rich.tsx";
import { Shape, shapeName } from "../../shared/shapes.tsx";
import { ht } from "./strings.ts";

type Props = { q: QuestionView };

function OptionTiles({ q }: Props) {
  return (
    <ul class={`host-tiles n${q.options?.length ?? 0}`}>
      {q.options?.map((o, i) => (
        <li key={o.id} class={`tile c${i}`}>
          <Shape i={i} size={40} />
          <span class="sr">{shapeName(i)}: </span>
          <span class="txt">
            <RichLabel of={o} math={q.math} />
          </span>
        </li>
      ))}
    </ul>
  );
}

function ItemList({ q }: Props) {
  return (
    <>
      <p class="big-hint">{ht("host.putInOrder")}</p>
      <ul class="host-items">
        {q.options?.map((o) => (
          <li key={o.id}>
            <RichLabel of={o} math={q.math} />
          </li>
        ))}
      </ul>
    </>
  );
}

const TypeHint = () => <p class="big-hint">{ht("host.typeAnswer")}</p>;

const RangeHint = ({ q }: Props) =>
  q.slider ? (
    <p class="big-hint">{ht("host.slider", { min: q.slider.min, max: q.slider.max, step: q.slider.step })}</p>
  ) : null;

/**
 * The reveal's bars: one per option (in the options' colours and shapes), one per item (how many
 * put it in its place), or right / wrong answers.
 */
type Bars = "options" | "items" | "answers";

export const SCREENS: Record<QuestionType, { Tiles: FunctionComponent<Props>; bars: Bars }> = {
  single: { Tiles: OptionTiles, bars: "options" },
  multi: { Tiles: OptionTiles, bars: "options" },
  truefalse: { Tiles: OptionTiles, bars: "options" },
  poll: { Tiles: OptionTiles, bars: "options" },
  text: { Tiles: TypeHint, bars: "answers" },
  order: { Tiles: ItemList, bars: "items" },
  slider: { Tiles: RangeHint, bars: "answers" },
};
