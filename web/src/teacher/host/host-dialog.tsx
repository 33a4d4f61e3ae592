// Host settings: every field of gameSettings, starting from what this quiz used last time.
import { useState } from "preact/hooks";
import { gameSettings, MAX_PLAYERS, type GameSettings } from "../../../../schema/game.ts";
import { api } from "../../api.ts";
import { navigate } from "../../router.ts";
import { lastSettings, rememberGame, rememberSettings, type ActiveGame } from "../shell/active-game.ts";
import { CheckField, fieldSetter, NumberField, SelectField, SettingsDialog } from "./settings-fields.tsx";
import { ht } from "./strings.ts";
import { TeamFields } from "./team-fields.tsx";

interface HostResponse {
  gameId: string;
  code: string;
  joinUrl: string;
  hostWsUrl: string;
}

/** Opens a room for the quiz and remembers it as this browser's live game. */
export async function startGame(quizId: string, settings: GameSettings): Promise<ActiveGame> {
  const r = await api<HostResponse>("/api/games", { body: { quizId, settings } });
  const g: ActiveGame = { code: r.code, gameId: r.gameId, quizId, settings, joinUrl: r.joinUrl };
  rememberGame(g);
  rememberSettings(quizId, settings);
  return g;
}

function initialSettings(quizId: string): GameSettings {
  const r = gameSettings.safeParse(lastSettings(quizId));
  return r.success ? r.data : gameSettings.parse({});
}

const CHECKS = ["shuffleQuestions", "shuffleOptions", "autoAdvance", "lateJoin", "accuracyOnly"] as const;

export function HostDialog({ quizId, title, onClose }: { quizId: string; title: string; onClose: () => void }) {
  const [s, setS] = useState<GameSettings>(() => initialSettings(quizId));
  const set = fieldSetter(setS);
  const check = (k: (typeof CHECKS)[number]) => (
    <CheckField label={ht(`set.${k}`)} hint={ht(`set.${k}.hint`)} checked={s[k]} onChange={set(k)} />
  );

  const submit = async () => {
    const parsed = gameSettings.safeParse(s);
    if (!parsed.success)
      return parsed.error.issues
        .map((i) => `${ht(`set.${String(i.path[0])}` as "set.maxPlayers")}: ${i.message}`)
        .join("; ");
    const g = await startGame(quizId, parsed.data);
    navigate(`/host/${g.code}`);
  };

  return (
    <SettingsDialog
      titleId="host-title"
      title={ht("set.title", { title })}
      submitLabel={ht("set.open")}
      onSubmit={submit}
      onClose={onClose}
    >
      {check("shuffleQuestions")}
      {check("shuffleOptions")}
      <NumberField
        id="reading"
        label={ht("set.readingTime")}
        min={0}
        max={15}
        value={s.readingTime}
        onChange={set("readingTime")}
      />
      <SelectField
        id="lb"
        label={ht("set.leaderboard")}
        options={["each", "end"] as const}
        optionLabel={(v) => ht(`set.leaderboard.${v}`)}
        value={s.leaderboard}
        onChange={set("leaderboard")}
      />
      {check("autoAdvance")}
      {check("lateJoin")}
      <SelectField
        id="nicks"
        label={ht("set.nicknames")}
        options={["free", "generated"] as const}
        optionLabel={(v) => ht(`set.nicknames.${v}`)}
        value={s.nicknames}
        onChange={set("nicknames")}
      />
      <NumberField
        id="max"
        label={ht("set.maxPlayers")}
        min={1}
        max={MAX_PLAYERS}
        value={s.maxPlayers}
        onChange={set("maxPlayers")}
      />
      {check("accuracyOnly")}
      <CheckField
        label={ht("set.studentId")}
        hint={ht("set.studentId.hint")}
        checked={s.requireStudentId}
        onChange={set("requireStudentId")}
      />
      <TeamFields value={s.teams} onChange={set("teams")} />
    </SettingsDialog>
  );
}
