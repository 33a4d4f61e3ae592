// What of this teacher's is going on (GET /api/games/live), whichever browser started it: a live game
// links back to its host screen; open homework links to its progress page, with how many finished
// (never to the host screen: an assignment has no room to reconnect to). Until the server answers,
// the live game this browser remembers.
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { tt } from "../strings.ts";

interface LiveGame {
  kind: "live";
  code: string;
  title: string;
}
interface OpenAssignment {
  kind: "assignment";
  code: string;
  title: string;
  /** Null when the assignment's room could not be asked. */
  finished: number | null;
  started: number | null;
}
type Active = LiveGame | OpenAssignment;

function Entry({ g }: { g: Active }) {
  if (g.kind === "live")
    return (
      <a class="button primary" href={`/host/${g.code}`} data-kind="live">
        {tt("nav.backToGame", { code: g.code })}
        {g.title && ` · ${g.title}`}
      </a>
    );
  const counted = g.finished !== null && g.started !== null;
  return (
    <a class="button" href={`/assignments/${g.code}`} data-kind="assignment">
      {counted
        ? tt("nav.homeworkOpen", { code: g.code, n: g.finished ?? 0, m: g.started ?? 0 })
        : tt("nav.homeworkOpenNoCount", { code: g.code })}
      {g.title && ` · ${g.title}`}
    </a>
  );
}

export function LiveGames({ kept }: { kept: string | null }) {
  const [games, setGames] = useState<Active[] | null>(null);
  useEffect(() => {
    api<{ games: Active[] }>("/api/games/live").then(
      (r) => setGames(r.games),
      () => setGames(null),
    );
  }, []);
  const list = games ?? (kept ? [{ kind: "live" as const, code: kept, title: "" }] : []);
  if (!list.length) return null;
  // A live game first: its players are waiting now.
  const sorted = [...list.filter((g) => g.kind === "live"), ...list.filter((g) => g.kind !== "live")];
  return (
    <div class="banner live-banner" role="region" aria-label={tt("nav.liveGames")}>
      {sorted.map((g) => (
        <Entry key={`${g.kind}:${g.code}`} g={g} />
      ))}
    </div>
  );
}
