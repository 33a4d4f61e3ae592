// Host settings: every field of gameSettings, starting from what this quiz used last time.
import { useEffect, useRef, useState } from "preact/hooks";
import { gameSettings, MAX_PLAYERS, type GameSettings } from "../../../schema/game";
import { api, type ApiError } from "../api";
import { navigate } from "../router";
import { lastSettings, rememberGame, rememberSettings, type ActiveGame } from "./active-game";
import { applyZodLanguage } from "./issues";
import { tt } from "./strings";
import { tm } from "./strings-more";

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

export function HostDialog({ quizId, title, onClose }: { quizId: string; title: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [s, setS] = useState<GameSettings>(() => initialSettings(quizId));
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const check = (k: "shuffleQuestions" | "shuffleOptions" | "autoAdvance" | "lateJoin" | "accuracyOnly") => (
    <label class="check" key={k}>
      <input type="checkbox" checked={s[k]} onChange={(e) => setS({ ...s, [k]: e.currentTarget.checked })} />
      <span>
        {tt(`set.${k}`)}
        <small class="muted block">{tt(`set.${k}.hint`)}</small>
      </span>
    </label>
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    applyZodLanguage();
    const parsed = gameSettings.safeParse(s);
    if (!parsed.success)
      return setError(
        parsed.error.issues
          .map((i) => `${tt(`set.${String(i.path[0])}` as "set.maxPlayers")}: ${i.message}`)
          .join("; "),
      );
    setBusy(true);
    try {
      const g = await startGame(quizId, parsed.data);
      navigate(`/host/${g.code}`);
    } catch (err) {
      setError((err as ApiError).message);
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} class="dialog" onClose={onClose} aria-labelledby="host-title">
      <form class="stack" onSubmit={submit}>
        <h2 id="host-title">{tt("set.title", { title })}</h2>
        {check("shuffleQuestions")}
        {check("shuffleOptions")}
        <label for="reading">{tt("set.readingTime")}</label>
        <input
          id="reading"
          type="number"
          min={0}
          max={15}
          value={s.readingTime}
          onInput={(e) => setS({ ...s, readingTime: Number(e.currentTarget.value) })}
        />
        <label for="lb">{tt("set.leaderboard")}</label>
        <select
          id="lb"
          value={s.leaderboard}
          onChange={(e) => setS({ ...s, leaderboard: e.currentTarget.value as "each" | "end" })}
        >
          <option value="each">{tt("set.leaderboard.each")}</option>
          <option value="end">{tt("set.leaderboard.end")}</option>
        </select>
        {check("autoAdvance")}
        {check("lateJoin")}
        <label for="nicks">{tt("set.nicknames")}</label>
        <select
          id="nicks"
          value={s.nicknames}
          onChange={(e) => setS({ ...s, nicknames: e.currentTarget.value as "free" | "generated" })}
        >
          <option value="free">{tt("set.nicknames.free")}</option>
          <option value="generated">{tt("set.nicknames.generated")}</option>
        </select>
        <label for="max">{tt("set.maxPlayers")}</label>
        <input
          id="max"
          type="number"
          min={1}
          max={MAX_PLAYERS}
          value={s.maxPlayers}
          onInput={(e) => setS({ ...s, maxPlayers: Number(e.currentTarget.value) })}
        />
        {check("accuracyOnly")}
        <label class="check">
          <input
            type="checkbox"
            checked={!!s.requireStudentId}
            onChange={(e) => setS({ ...s, requireStudentId: e.currentTarget.checked })}
          />
          <span>
            {tm("set.studentId")}
            <small class="muted block">{tm("set.studentId.hint")}</small>
          </span>
        </label>
        <p class="err" role="alert">
          {error}
        </p>
        <div class="row end">
          <button type="button" onClick={() => ref.current?.close()}>
            {tt("cancel")}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {tt("set.open")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
