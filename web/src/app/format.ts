// How reports write dates, times and shares, in the reader's language.
import { getLang } from "../i18n.ts";
import { at } from "./strings.ts";

export const when = (ms: number | null) =>
  ms ? new Date(ms).toLocaleString(getLang(), { dateStyle: "medium", timeStyle: "short" }) : "—";
export const secs = (ms: number | null) => (ms === null ? "—" : at("rep.seconds", { n: (ms / 1000).toFixed(1) }));
export const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);
