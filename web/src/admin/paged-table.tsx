// One table over a paged list (shared/paged.ts): the error, a spinner until the first page, a word when
// it is empty, the stackable table (cards at phone width), and "more" while the API has pages.
import type { ComponentChildren } from "preact";
import { Spinner } from "../shared/ui.tsx";
import type { usePaged } from "../shared/paged.ts";
import { ta } from "./strings.ts";

type Paged<T> = ReturnType<typeof usePaged<T>>;

export function PagedTable<T>(props: {
  list: Paged<T>;
  head: ComponentChildren;
  rows: (items: T[]) => ComponentChildren;
  empty?: string;
  class?: string;
}) {
  const { list } = props;
  return (
    <>
      {list.error && (
        <p class="err" role="alert">
          {list.error}
        </p>
      )}
      {list.items === null ? (
        !list.error && <Spinner />
      ) : list.items.length === 0 ? (
        <p class="muted">{props.empty ?? ta("adm.none")}</p>
      ) : (
        <div class="table-wrap">
          <table class={`stackable${props.class ? ` ${props.class}` : ""}`}>
            <thead>{props.head}</thead>
            <tbody>{props.rows(list.items)}</tbody>
          </table>
        </div>
      )}
      {list.next && (
        <button type="button" class="self-start" onClick={list.more}>
          {ta("adm.more")}
        </button>
      )}
    </>
  );
}
