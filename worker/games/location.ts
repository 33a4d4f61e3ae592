// Where to place a new room: near its host (the hint only counts when the object is created).
import type { LocationHint } from "../../schema/game.ts";

const MIDDLE_EAST = new Set(["AE", "BH", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "YE", "TR"]);

export function locationHintFor(
  cf: { continent?: unknown; country?: unknown; longitude?: unknown } | undefined,
): LocationHint | undefined {
  if (!cf) return undefined;
  const country = typeof cf.country === "string" ? cf.country : "";
  const lon = Number(cf.longitude);
  if (MIDDLE_EAST.has(country)) return "me";
  switch (cf.continent) {
    case "NA":
      return Number.isFinite(lon) && lon < -100 ? "wnam" : "enam";
    case "SA":
      return "sam";
    case "EU":
      return Number.isFinite(lon) && lon > 20 ? "eeur" : "weur";
    case "AF":
      return "afr";
    case "AS":
      return "apac";
    case "OC":
      return "oc";
    default:
      return undefined;
  }
}
