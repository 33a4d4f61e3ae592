// A live game's rules driven directly (rooms/live/game.ts): an in-memory store, a fake outbox
// that records who got what, and a clock the test moves. Pure: both test projects may use it.
import { question, type QuestionInput } from "../../schema/quiz.ts";
import { gameSettings, type GameSettingsInput } from "../../schema/game.ts";
import type { ServerMessage } from "../../schema/messages.ts";
import { Game } from "../../rooms/live/game.ts";
import type { Effects, Outbox } from "../../rooms/live/types.ts";
import { MemoryStore } from "./memory-store.ts";

export function rig(questions: QuestionInput[], settings: GameSettingsInput = {}) {
  let now = 1_000_000;
  const store = new MemoryStore();
  const sent: { to: string; msg: ServerMessage }[] = [];
  const connected = new Set<string>();
  const alarms: (number | null)[] = [];
  const out: Outbox = {
    host: (msg) => sent.push({ to: "host", msg }),
    players: (msg, except) => connected.forEach((id) => !except?.has(id) && sent.push({ to: id, msg })),
    all: (msg) => {
      sent.push({ to: "host", msg });
      connected.forEach((id) => sent.push({ to: id, msg }));
    },
    player: (id, msg) => sent.push({ to: id, msg }),
    team: (_team, msg, members) => members.forEach((id) => connected.has(id) && sent.push({ to: id, msg })),
    sendAndClose: (id, msg) => {
      sent.push({ to: id, msg });
      connected.delete(id);
    },
    connected: () => connected,
    answerCount: (msg) => sent.push({ to: "host", msg }),
    playerJoined: (msg) => sent.push({ to: "host", msg }),
    playerUpdated: (msg) => sent.push({ to: "host", msg }),
    lobbyCount: (msg) => connected.forEach((id) => sent.push({ to: id, msg })),
  };
  const fx: Effects = {
    setAlarm: (at) => alarms.push(at),
    flushEvents: () => {},
    markRunning: () => {},
    writeResults: () => {},
    destroy: () => {},
  };
  const game = new Game(store, out, fx, () => now);
  const qs = questions.map((q) => question.parse(q));
  game.init({
    gameId: "g",
    code: "ABCDEF",
    hostId: "teacher",
    quizId: null,
    title: "T",
    settings: gameSettings.parse(settings),
    questions: qs,
    order: qs.map((_, i) => i),
    retentionMs: 1000,
  });
  const ids = new Map<string, string>();
  const add = (name: string) => {
    const r = game.join({ nickname: name }, () => `id-${name}`);
    if (!r.ok) throw new Error(r.message);
    ids.set(name, r.playerId);
    connected.add(r.playerId);
    for (const msg of game.playerConnected(r.playerId, false)) sent.push({ to: r.playerId, msg });
    return r.playerId;
  };
  const hostSays = (msg: object) => game.receive({ role: "host", userId: "teacher" }, JSON.stringify(msg));
  const says = (id: string, msg: object) => game.receive({ role: "player", playerId: id }, JSON.stringify(msg));
  const last = (to: string, type: string) =>
    [...sent].reverse().find((s) => s.to === to && s.msg.type === type)?.msg as any;
  return { store, game, sent, add, hostSays, says, last, alarms, advance: (ms: number) => (now += ms), now: () => now };
}
