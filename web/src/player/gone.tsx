// The game is over for this phone: kicked, ended by the host, gone, or open somewhere else.
import { t } from "../strings.ts";
import type { View } from "./play-state.ts";

export function GoneScreen({ why }: { why: Extract<View, { k: "gone" }>["why"] }) {
  return (
    <section class="card stack center-text" role="alert">
      <p>{t(why === "over" ? "code.over" : why)}</p>
      <a class="button" href="/">
        {t("fin.again")}
      </a>
    </section>
  );
}
