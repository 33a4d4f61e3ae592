// A form field's validation message, shown under the field (login, sign-up and the quiz editor).

/** Issue messages by dotted path ("questions.2.options.1"). */
export type Issues = Map<string, string>;

export function Issue({ text, id }: { text?: string; id?: string }) {
  return text ? (
    <p class="err" id={id}>
      {text}
    </p>
  ) : null;
}

/** Marks a field invalid (red border) and ties it to its message `${id}-err`, so screen readers read them together. */
export const invalidProps = (id: string, message: string | undefined): Record<string, unknown> =>
  message ? { "aria-invalid": true, "aria-describedby": `${id}-err` } : {};

/** The first field marked invalid in the form, in the page's order, focused and scrolled into view. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  const first = form?.querySelector<HTMLElement>(
    '[aria-invalid="true"], fieldset.invalid :is(input, textarea, select, button):not(:disabled)',
  );
  if (!first) return;
  first.focus({ preventScroll: true });
  first.scrollIntoView({ block: "center" });
}
