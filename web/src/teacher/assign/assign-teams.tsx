// Homework in teams on the assignment's page: each team's standing (mean or sum of its members'
// counted results), its members, an inline rename, each student's "Move to" list and "Balance
// teams" (POST /api/assignments/:code/teams, the live lobby's commands over HTTP).
import { useState } from "preact/hooks";
import type { AssignmentTeamCommand, ProgressView } from "../../../../schema/assignment.ts";
import { api, type ApiError } from "../../api.ts";
import { ht } from "../host/strings.ts";
import { type RenameError, TeamNameEdit } from "../host/team-name-edit.tsx";
import { tt } from "../strings.ts";

export function TeamStandings({
  code,
  p,
  onProgress,
  onError,
}: {
  code: string;
  p: ProgressView;
  onProgress: (p: ProgressView) => void;
  onError: (message: string) => void;
}) {
  const [renameError, setRenameError] = useState<RenameError | null>(null);
  if (!p.teams) return null;
  const open = p.status !== "closed";
  const send = (body: AssignmentTeamCommand) =>
    api<ProgressView>(`/api/assignments/${code}/teams`, { body }).then(onProgress, (e: ApiError) => {
      if (body.type === "renameTeam") setRenameError((old) => ({ message: e.message, seq: (old?.seq ?? 0) + 1 }));
      else onError(e.message);
    });
  const people = p.participants.filter((x) => x.state !== "removed");
  return (
    <section class="stack" aria-labelledby="asg-teams">
      <div class="row spread">
        <h2 id="asg-teams">{tt("asg.teams")}</h2>
        {open && (
          <button type="button" onClick={() => send({ type: "balanceTeams" })}>
            {ht("team.balance")}
          </button>
        )}
      </div>
      <p class="muted">{ht(`team.scoring.${p.teams.scoring}`)}</p>
      <table class="table" data-testid="asg-teams">
        <thead>
          <tr>
            <th>{tt("asg.col.rank")}</th>
            <th>{tt("asg.col.team")}</th>
            <th>{tt("asg.col.score")}</th>
            <th>{tt("asg.col.members")}</th>
          </tr>
        </thead>
        <tbody>
          {p.teams.list.map((t) => (
            <tr key={t.teamId} data-testid="asg-team">
              <td>{t.rank}</td>
              <th scope="row">
                {open ? (
                  <TeamNameEdit
                    teamId={t.teamId}
                    name={t.name}
                    error={renameError}
                    onSave={(name) => send({ type: "renameTeam", teamId: t.teamId, name })}
                  />
                ) : (
                  t.name
                )}
              </th>
              <td>{t.score}</td>
              <td>
                <ul class="team-members">
                  {people
                    .filter((x) => x.teamId === t.teamId)
                    .map((x) => (
                      <li key={x.participantId}>
                        {x.nickname}
                        {open && (
                          <select
                            aria-label={ht("team.moveTo", { name: x.nickname })}
                            value={t.teamId}
                            onChange={(e) =>
                              send({ type: "moveTeam", playerId: x.participantId, teamId: e.currentTarget.value })
                            }
                          >
                            {p.teams!.list.map((o) => (
                              <option key={o.teamId} value={o.teamId}>
                                {o.name}
                              </option>
                            ))}
                          </select>
                        )}
                      </li>
                    ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
