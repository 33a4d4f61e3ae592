// Team mode on the projector: the lobby's teams (the presenter moves players, renames teams and
// balances them), the reveal's team view, and the team leaderboard and podium, drawn by the same
// animated board and podium as the players' (a team stands where a player would).
import type {
  ClientMessage,
  LeaderEntry,
  PlayerInfo,
  ServerMessageOf,
  TeamEntry,
  TeamInfo,
} from "../../../../schema/messages.ts";
import { useState } from "preact/hooks";
import { Leaderboard, Podium } from "./host-views.tsx";
import { ht } from "./strings.ts";
import { type RenameError, TeamNameEdit } from "./team-name-edit.tsx";

const asEntries = (teams: TeamEntry[]): LeaderEntry[] =>
  teams.map((t) => ({ playerId: t.teamId, nickname: t.name, score: t.score, rank: t.rank, prevRank: t.prevRank }));

export function TeamBoard({ teams }: { teams: TeamEntry[] }) {
  return (
    <section class="stack team-board" aria-label={ht("team.board")}>
      <h2 class="center-text">{ht("team.board")}</h2>
      <Leaderboard top={asEntries(teams)} />
    </section>
  );
}

export function TeamPodium({ teams }: { teams: TeamEntry[] }) {
  return (
    <section class="stack team-podium" aria-label={ht("team.board")}>
      <h2 class="center-text">{ht("team.board")}</h2>
      <Podium top={asEntries(teams)} />
    </section>
  );
}

/** How each team answered: right answers out of its members. */
export function TeamReveal({ m }: { m: ServerMessageOf<"teamReveal"> }) {
  return (
    <ul class="team-reveal" aria-label={ht("team.board")}>
      {m.teams.slice(0, 8).map((t) => (
        <li key={t.teamId}>
          <span class="name">{t.name}</span>
          <span class="bar-wrap">
            <span class="bar good" style={{ width: `${(t.correct / Math.max(1, t.members)) * 100}%` }} />
          </span>
          <span class="muted">{ht("team.answered", { correct: t.correct, members: t.members })}</span>
        </li>
      ))}
    </ul>
  );
}

/** The lobby's teams with their players; with `controls`, the presenter moves players (drag, or each player's "Move to" list) and renames teams. */
export function LobbyTeams({
  teams,
  players,
  send,
  controls,
  renameError,
}: {
  teams: TeamInfo[];
  players: PlayerInfo[];
  send: (m: ClientMessage) => void;
  controls: boolean;
  renameError: RenameError | null;
}) {
  const [over, setOver] = useState<string | null>(null);
  const move = (playerId: string, teamId: string) => send({ type: "moveTeam", playerId, teamId });
  return (
    <div class="stack lobby-teams">
      {controls && (
        <div class="row">
          <button type="button" onClick={() => send({ type: "balanceTeams" })}>
            {ht("team.balance")}
          </button>
          <small class="muted presenter-only">{ht("team.dragHint")}</small>
        </div>
      )}
      <ul class="team-columns">
        {teams.map((t) => (
          <li
            key={t.teamId}
            class={`team-col${over === t.teamId ? " drop" : ""}`}
            // Drag and drop is the mouse's way; each player's "Move to" list is the keyboard's.
            onDragOver={(e) => {
              if (!controls) return;
              e.preventDefault();
              setOver(t.teamId);
            }}
            onDragLeave={() => setOver(null)}
            onDrop={(e) => {
              e.preventDefault();
              setOver(null);
              const id = e.dataTransfer?.getData("text/x-player");
              if (controls && id) move(id, t.teamId);
            }}
          >
            <h2 class="team-col-name">
              {controls ? (
                <TeamNameEdit
                  teamId={t.teamId}
                  name={t.name}
                  error={renameError}
                  onSave={(name) => send({ type: "renameTeam", teamId: t.teamId, name })}
                />
              ) : (
                t.name
              )}{" "}
              <small class="muted">{ht("team.members", { n: t.members })}</small>
            </h2>
            <ul class="player-list">
              {players
                .filter((p) => p.teamId === t.teamId)
                .map((p) => (
                  <li
                    key={p.playerId}
                    class={`pchip${p.connected ? "" : " offline"}`}
                    draggable={controls}
                    onDragStart={(e) => e.dataTransfer?.setData("text/x-player", p.playerId)}
                  >
                    {p.nickname}
                    {controls && (
                      <select
                        class="presenter-only"
                        aria-label={ht("team.moveTo", { name: p.nickname })}
                        value={t.teamId}
                        onChange={(e) => move(p.playerId, e.currentTarget.value)}
                      >
                        {teams.map((o) => (
                          <option key={o.teamId} value={o.teamId}>
                            {o.name}
                          </option>
                        ))}
                      </select>
                    )}
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
