// The in-memory double of the room's GameStore (the Durable Object's SQLite in production): the
// game rules run against it in plain tests, with no room, socket or clock of the runtime.
import type { ServerMessageOf } from "../../schema/messages.ts";
import type {
  AnswerRow,
  GameConfig,
  GameState,
  GameStore,
  PlayerRow,
  ShownType,
  StoredEvent,
} from "../../rooms/live/types.ts";
import type { TeamRow } from "../../rooms/kit/teams.ts";

export class MemoryStore implements GameStore {
  cfg: GameConfig | null = null;
  st: GameState | null = null;
  ps = new Map<string, PlayerRow>();
  ans = new Map<number, Map<string, AnswerRow>>();
  shownMessages = new Map<string, unknown>();
  events: StoredEvent[] = [];
  ts = new Map<string, TeamRow>();
  config = () => this.cfg;
  saveConfig = (c: GameConfig) => void (this.cfg = structuredClone(c));
  state = () => this.st;
  saveState = (s: GameState) => void (this.st = structuredClone(s));
  players = () => this.ps;
  private changes = 0;
  playersVersion = () => this.changes;
  activeCount = () => [...this.ps.values()].filter((p) => !p.kicked).length;
  savePlayers = (ps: PlayerRow[]) => {
    this.changes++;
    for (const p of ps) this.ps.set(p.id, structuredClone(p));
  };
  saveStandings = (ps: PlayerRow[]) => this.savePlayers(ps);
  deletePlayers = (ids: string[]) =>
    ids.forEach((id) => {
      this.changes++;
      this.ps.delete(id);
      for (const m of this.ans.values()) m.delete(id);
    });
  answers = (q: number) => this.ans.get(q) ?? new Map();
  saveAnswers = (as: AnswerRow[]) =>
    as.forEach((a) => {
      if (!this.ans.has(a.q)) this.ans.set(a.q, new Map());
      this.ans.get(a.q)!.set(a.playerId, structuredClone(a));
    });
  allAnswers = () => [...this.ans.values()].flatMap((m) => [...m.values()]);
  shown = <K extends ShownType>(type: K) => (this.shownMessages.get(type) as ServerMessageOf<K>) ?? null;
  saveShown = (msg: ServerMessageOf<ShownType>) => void this.shownMessages.set(msg.type, structuredClone(msg));
  addEvents = (es: StoredEvent[]) => void this.events.push(...es);
  teams = () => [...this.ts.values()].sort((a, b) => a.order - b.order);
  saveTeams = (ts: TeamRow[]) => ts.forEach((t) => this.ts.set(t.id, structuredClone(t)));
  transaction = <T>(fn: () => T) => fn();
}
