// "A game of yours is live": a link back to each lobby or running game of this teacher, whichever
// browser started it (GET /api/games/live), and the one this browser remembers.
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { tt } from "../strings.ts";

interface LiveGame {
  code: string;
  title: string;
  status: "lobby" | "running";
}

export function LiveGames({ kept }: { kept: string | null }) {
  const [games, setGames] = useState<LiveGame[] | null>(null);
  useEffect(() => {
    api<{ games: LiveGame[] }>("/api/games/live").then(
      (r) => setGames(r.games),
      () => setGames(null),
    );
  }, []);
  // Until the server answers (or if it cannot), the game this browser remembers.
  const list = games ?? (kept ? [{ code: kept, title: "", status: "running" as const }] : []);
  if (!list.length) return null;
  return (
    <div class="banner live-banner" role="region" aria-label={tt("nav.liveGames")}>
      {list.map((g) => (
        <a key={g.code} class="button" href={`/host/${g.code}`}>
          {tt("nav.backToGame", { code: g.code })}
          {g.title && ` · ${g.title}`}
        </a>
      ))}
    </div>
  );
}
