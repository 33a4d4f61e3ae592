// In the lobby: the player is in, under this name, waiting for the host. A team's shared phone
// says so, and may name who plays on it (display only: the teacher's lobby and reports).
import { useState } from "preact/hooks";
import type { MyTeam, TeamInfo } from "../../../schema/messages.ts";
import { TEAM_MEMBERS_MAX } from "../../../schema/constants.ts";
import { t } from "../strings.ts";

export function LobbyScreen({
  title,
  nickname,
  playerCount,
  team,
  teams,
  onPick,
  shared,
  onMembers,
}: {
  title: string;
  nickname: string;
  playerCount: number;
  team?: MyTeam | null;
  /** The teams to pick from (team mode with `assign: "pick"`). */
  teams?: TeamInfo[] | null;
  onPick?: (teamId: string) => void;
  /** Shared devices: this phone is a team's; the names it gave. */
  shared?: { members: string[] } | null;
  onMembers?: (names: string[]) => void;
}) {
  return (
    <section class="card stack center-text" aria-live="polite">
      <h1>{t("lobby.in")}</h1>
      <p class="muted">{title}</p>
      <p>{shared ? t("team.device", { name: nickname }) : t("lobby.as", { name: nickname })}</p>
      {team && <p class="team-line">{t("team.your", { name: team.name })}</p>}
      {teams && onPick && (
        <fieldset class="team-pick">
          <legend>{t("team.pick")}</legend>
          {teams.map((x) => (
            <button
              key={x.teamId}
              type="button"
              aria-pressed={team?.teamId === x.teamId}
              class={team?.teamId === x.teamId ? "primary" : ""}
              onClick={() => onPick(x.teamId)}
            >
              {x.name} ({x.members})
            </button>
          ))}
        </fieldset>
      )}
      {shared && onMembers && <MembersForm members={shared.members} onSave={onMembers} />}
      <p class="pulse">{t("lobby.wait")}</p>
      <p class="muted">{t(shared ? "team.teams" : "players", { n: playerCount })}</p>
    </section>
  );
}

function MembersForm({ members, onSave }: { members: string[]; onSave: (names: string[]) => void }) {
  const [text, setText] = useState(members.join("\n"));
  return (
    <form
      class="stack team-members-form"
      onSubmit={(e) => {
        e.preventDefault();
        const names = text
          .split(/\n|,/)
          .map((n) => n.trim())
          .filter(Boolean)
          .slice(0, TEAM_MEMBERS_MAX);
        onSave(names);
      }}
    >
      <label for="team-members">{t("team.membersLabel")}</label>
      <textarea
        id="team-members"
        rows={3}
        value={text}
        aria-describedby="team-members-hint"
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <small id="team-members-hint" class="muted">
        {t("team.membersHint")}
      </small>
      <button type="submit">{t("team.membersSave")}</button>
      {members.length > 0 && <p role="status">{t("team.membersNow", { names: members.join(", ") })}</p>}
    </form>
  );
}
