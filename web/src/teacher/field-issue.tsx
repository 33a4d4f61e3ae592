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
