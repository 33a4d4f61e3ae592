// Team mode's fields in the host dialog: on or off, then how teams play, how many, how a team
// scores, team talk and how teams are formed (schema/game.ts `teamSettings`).
import { TEAM_COUNT_MAX, TEAM_COUNT_MIN, TEAM_TALK_MAX, type TeamSettings } from "../../../../schema/game.ts";
import { CheckField, NumberField, SelectField } from "./settings-fields.tsx";
import { ht } from "./strings.ts";

const DEFAULT: TeamSettings = { mode: "personal", count: 4, scoring: "mean", talkSeconds: 0, assign: "auto" };

export function TeamFields({
  value,
  onChange,
}: {
  value: TeamSettings | null | undefined;
  onChange: (v: TeamSettings | null) => void;
}) {
  const t = value ?? null;
  const set =
    <K extends keyof TeamSettings>(k: K) =>
    (v: TeamSettings[K]) =>
      onChange({ ...(t ?? DEFAULT), [k]: v });
  return (
    <fieldset class="stack">
      <legend>{ht("set.teams")}</legend>
      <CheckField
        label={ht("team.on")}
        hint={ht("team.on.hint")}
        checked={!!t}
        onChange={(on) => onChange(on ? DEFAULT : null)}
      />
      {t && (
        <>
          <SelectField
            id="team-mode"
            label={ht("team.mode")}
            options={["personal", "consensus", "shared"] as const}
            optionLabel={(v) => ht(`team.mode.${v}`)}
            value={t.mode}
            onChange={set("mode")}
          />
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
              <NumberField
                id="team-talk"
                label={ht("team.talk")}
                min={0}
                max={TEAM_TALK_MAX}
                value={t.talkSeconds}
                onChange={set("talkSeconds")}
              />
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
