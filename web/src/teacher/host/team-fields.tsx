// Team mode's fields in the host dialog and the assign dialog: on or off, then how teams play and
// team talk (a live game only), how many, how a team scores and how teams are formed
// (schema/game.ts `teamSettings`; homework: schema/assignment.ts `assignmentTeams`).
import type { AssignmentTeams } from "../../../../schema/assignment.ts";
import { TEAM_COUNT_MAX, TEAM_COUNT_MIN, TEAM_TALK_MAX, type TeamSettings } from "../../../../schema/game.ts";
import { CheckField, NumberField, SelectField } from "./settings-fields.tsx";
import { ht } from "./strings.ts";

const DEFAULT: TeamSettings = { mode: "personal", count: 4, scoring: "mean", talkSeconds: 0, assign: "auto" };
const HOMEWORK: AssignmentTeams = { count: 4, scoring: "mean", assign: "auto" };

type Props<T> = { value: T | null | undefined; onChange: (v: T | null) => void };

export function TeamFields(props: Props<TeamSettings>) {
  return <Fields {...(props as Props<TeamSettings | AssignmentTeams>)} defaults={DEFAULT} />;
}

/** Homework: each member does their own; no modes, no team talk. */
export function HomeworkTeamFields(props: Props<AssignmentTeams>) {
  return <Fields {...(props as Props<TeamSettings | AssignmentTeams>)} defaults={HOMEWORK} />;
}

function Fields({
  value,
  onChange,
  defaults,
}: Props<TeamSettings | AssignmentTeams> & { defaults: TeamSettings | AssignmentTeams }) {
  const v = value ?? null;
  // A homework's teams have no mode: every member answers for themselves.
  const t: TeamSettings | null = v && { mode: "personal", talkSeconds: 0, ...v };
  const live = "mode" in defaults;
  const set =
    <K extends keyof TeamSettings>(k: K) =>
    (x: TeamSettings[K]) =>
      onChange({ ...(v ?? defaults), [k]: x });
  return (
    <fieldset class="stack">
      <legend>{ht("set.teams")}</legend>
      <CheckField
        label={ht("team.on")}
        hint={ht("team.on.hint")}
        checked={!!t}
        onChange={(on) => onChange(on ? defaults : null)}
      />
      {t && (
        <>
          {live && (
            <SelectField
              id="team-mode"
              label={ht("team.mode")}
              options={["personal", "consensus", "shared"] as const}
              optionLabel={(v) => ht(`team.mode.${v}`)}
              value={t.mode}
              onChange={set("mode")}
            />
          )}
          {t.mode !== "shared" && (
            <>
              <NumberField
                id="team-count"
                label={ht("team.count")}
                min={TEAM_COUNT_MIN}
                max={TEAM_COUNT_MAX}
                value={t.count}
                onChange={set("count")}
              />
              {t.mode === "personal" && (
                <SelectField
                  id="team-scoring"
                  label={ht("team.scoring")}
                  options={["mean", "sum"] as const}
                  optionLabel={(v) => ht(`team.scoring.${v}`)}
                  value={t.scoring}
                  onChange={set("scoring")}
                />
              )}
              {live && (
                <NumberField
                  id="team-talk"
                  label={ht("team.talk")}
                  min={0}
                  max={TEAM_TALK_MAX}
                  value={t.talkSeconds}
                  onChange={set("talkSeconds")}
                />
              )}
              <SelectField
                id="team-assign"
                label={ht("team.assign")}
                options={["auto", "pick"] as const}
                optionLabel={(v) => ht(`team.assign.${v}`)}
                value={t.assign}
                onChange={set("assign")}
              />
            </>
          )}
        </>
      )}
    </fieldset>
  );
}
