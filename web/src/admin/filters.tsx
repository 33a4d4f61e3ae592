// The filters above each admin table: a search box and choices whose first option is "any".
// The labels are for screen readers; the placeholder and the "any" option say it on screen.
import { ta } from "./strings.ts";

export function SearchFilter({
  placeholder,
  value,
  onInput,
}: {
  placeholder: string;
  value: string;
  onInput: (value: string) => void;
}) {
  return (
    <label class="grow">
      <span class="sr">{ta("adm.search")}</span>
      <input type="search" placeholder={placeholder} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

/** One of `options`, or "" for any of them. */
export function AnyFilter<V extends string>({
  label,
  options,
  optionLabel,
  value,
  onChange,
}: {
  label: string;
  options: readonly V[];
  optionLabel: (option: V) => string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      <span class="sr">{label}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">
          {label}: {ta("adm.any")}
        </option>
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </label>
  );
}
