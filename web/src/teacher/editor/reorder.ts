// Pure list edits behind the editor's question list: moving, inserting and removing by index, and
// where a dragged entry lands.

/** `list` with the item at `from` moved to `to` (both clamped to the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = list.slice();
  if (from < 0 || from >= list.length) return out;
  const at = Math.max(0, Math.min(list.length - 1, to));
  const [item] = out.splice(from, 1);
  out.splice(at, 0, item);
  return out;
}

/** `list` with `item` put at `index` (clamped), as undoing a removal puts it back. */
export function insertAt<T>(list: readonly T[], index: number, item: T): T[] {
  const out = list.slice();
  out.splice(Math.max(0, Math.min(list.length, index)), 0, item);
  return out;
}

export const removeAt = <T>(list: readonly T[], index: number): T[] => list.filter((_, i) => i !== index);

/**
 * The index a dragged entry moves to, from the pointer's y and the entries' vertical middles (in
 * list order, the dragged one included): past the middle of an entry means after it.
 */
export function dropIndex(middles: readonly number[], y: number, from: number): number {
  let before = middles.findIndex((m) => y < m);
  if (before === -1) before = middles.length;
  // Slots are counted with the dragged entry still in place: leaving it shifts the later ones up.
  return before > from ? before - 1 : before;
}

/** The first words of a text, on one line, for a list entry. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
