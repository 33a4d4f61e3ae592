// Taking a seat: who may join (phase, lock, late joins, room size), the same seat again for a
// returning player, nicknames (free but unique by look, or generated), and the name or student
// ID a host may ask for.
import { type GameSettings, STUDENT_ID_MAX } from "../../schema/game.ts";
import type { JoinRefusal } from "../../schema/messages.ts";
import type { GameContext } from "./context.ts";
import { checkNickname, generateNickname } from "../kit/nickname.ts";
import { AddressBudget, SEATS_SPENT } from "../kit/address-budget.ts";
import type { TeamPlay } from "./team-play.ts";
import type { GameState, PlayerRow } from "./types.ts";

export interface RoomInfo {
  code: string;
  title: string;
  phase: GameState["phase"];
  joinable: boolean;
  nicknames: GameSettings["nicknames"];
  /** The join form asks for a name or student ID (the ID itself is never shown to players). */
  requireStudentId: boolean;
  playerCount: number;
  /** Shared team devices: one phone per team, joined under the team's name (the join form asks for that). */
  teamDevice?: boolean;
}

export interface JoinRequest {
  nickname?: string;
  /** Taken (trimmed) only when the host asks for it; ignored and not stored otherwise. */
  studentId?: string;
  userId?: string | null;
  playerId?: string | null;
  /** The client's key for this join (worker-checked: 16–64 URL-safe characters): a retry finds its seat. */
  joinKey?: string | null;
  /**
   * Joined over the socket itself (room.ts `joinOverSocket`): the seat's socket is accepted right
   * after, so the host hears of a new seat once, already connected, not joined and then connected.
   */
  connecting?: boolean;
  /** The client's network address (cf-connecting-ip): new seats per address are limited here. */
  address?: string | null;
}

export type JoinResult =
  | { ok: true; playerId: string; nickname: string; gameId: string; code: string; rejoined: boolean }
  | { ok: false; reason: JoinRefusal; message: string };

export class Joining {
  /** Skeletons of the nicknames taken; rebuilt from the players after an eviction. */
  private skeletons: Set<string> | null = null;
  /** Join keys to seats (a retried join finds its seat without a scan); rebuilt after an eviction. */
  private keys: Map<string, string> | null = null;
  /** New seats per address and window (kit/address-budget.ts), in memory like the caches above. */
  private readonly budget = new AddressBudget();

  constructor(
    private readonly game: GameContext,
    private readonly teams: TeamPlay,
  ) {}

  /** A new game in the same object (an earlier one under this code was cleaned up). */
  reset(): void {
    this.skeletons = null;
    this.keys = null;
  }

  private seatOfKey(key: string): string | undefined {
    this.keys ??= new Map(
      [...this.game.store.players().values()].flatMap((p) => (p.joinKey ? [[p.joinKey, p.id] as const] : [])),
    );
    return this.keys.get(key);
  }

  info(): RoomInfo | null {
    const config = this.game.store.config();
    if (!config) return null;
    const count = this.game.activeCount();
    const { phase } = this.game.state;
    return {
      code: config.code,
      title: config.title,
      phase,
      joinable: this.refusal(count) === null,
      nicknames: config.settings.nicknames,
      requireStudentId: !!config.settings.requireStudentId,
      playerCount: count,
      ...(config.settings.teams?.mode === "shared" ? { teamDevice: true } : {}),
    };
  }

  private refusal(count: number): { reason: JoinRefusal; message: string } | null {
    const state = this.game.state;
    const settings = this.game.config.settings;
    if (state.phase === "podium" || state.phase === "ended") return { reason: "ended", message: "this game is over" };
    if (state.locked) return { reason: "locked", message: "the host has locked this game" };
    if (state.phase !== "lobby" && !settings.lateJoin)
      return { reason: "late-join-closed", message: "this game has started and does not take late players" };
    if (count >= settings.maxPlayers) return { reason: "full", message: "this game is full" };
    return null;
  }

  /** Deletes the ghost seat holding this skeleton, if that is what holds it (see `ghostOf`). */
  private freeGhost(skeleton: string): boolean {
    const ghost = ghostOf(this.game, skeleton);
    if (!ghost) return false;
    this.game.store.deletePlayers([ghost.id]);
    const state = this.game.state;
    if (state.waived?.includes(ghost.id)) this.game.save({ waived: state.waived.filter((id) => id !== ghost.id) });
    this.game.outbox.host({
      type: "playerLeft",
      playerId: ghost.id,
      reason: "abandoned",
      playerCount: this.game.activeCount(),
    });
    this.game.event("player.ghost_replaced", "system", null, { playerId: ghost.id, nickname: ghost.nickname });
    return true;
  }

  join(req: JoinRequest, newId: () => string): JoinResult {
    const { store, outbox } = this.game;
    const config = store.config();
    if (!config) return { ok: false, reason: "not-found", message: "no game with this code" };
    const players = store.players();
    // The same seat again: a player who holds a token, or a logged-in student on another device.
    const seat =
      (req.playerId ? players.get(req.playerId) : undefined) ??
      (req.userId ? [...players.values()].find((p) => p.userId === req.userId) : undefined) ??
      (req.joinKey ? players.get(this.seatOfKey(req.joinKey) ?? "") : undefined);
    if (seat?.kicked) return { ok: false, reason: "kicked", message: "you were removed from this game" };
    if (seat)
      return {
        ok: true,
        playerId: seat.id,
        nickname: seat.nickname,
        gameId: config.gameId,
        code: config.code,
        rejoined: true,
      };

    if (req.address && !this.budget.take(req.address, this.game.now()))
      return { ok: false, reason: "rate-limited", message: SEATS_SPENT };
    const refusal = this.refusal(this.game.activeCount());
    if (refusal) return { ok: false, ...refusal };
    // Asked of new seats only: a returning player (token, or account) was seated above.
    const studentId = config.settings.requireStudentId ? studentIdOf(req.studentId) : null;
    if (studentId === "")
      return {
        ok: false,
        reason: "student-id-required",
        message: "the host asks every player for a name or student ID: send a non-blank studentId",
      };
    this.skeletons ??= new Set([...players.values()].map((p) => p.skeleton));
    const taken = this.skeletons;
    let name: { nickname: string; skeleton: string };
    if (config.settings.nicknames === "generated") {
      name = generateNickname((s) => taken.has(s));
    } else {
      const checked = checkNickname(req.nickname ?? "");
      if (!checked.ok) return { ok: false, reason: "nickname-invalid", message: checked.reason };
      if (taken.has(checked.skeleton) && this.freeGhost(checked.skeleton)) taken.delete(checked.skeleton);
      if (taken.has(checked.skeleton))
        return {
          ok: false,
          reason: "nickname-taken",
          message: "that nickname (or one that looks just like it) is taken",
        };
      name = checked;
    }
    const teamId = this.teams.placeNew();
    const p = {
      ...newPlayer(newId(), name, req.userId ?? null, studentId, this.game.now()),
      ...(teamId ? { teamId } : {}),
      ...(req.joinKey ? { joinKey: req.joinKey } : {}),
    };
    store.savePlayers([p]);
    taken.add(p.skeleton);
    if (req.joinKey) this.keys?.set(req.joinKey, p.id);
    const state = this.game.state;
    // Seated while a question is open: it does not wait for them until they connect.
    if (state.phase === "question") this.game.save({ waived: [...(state.waived ?? []), p.id] });
    const count = this.game.activeCount();
    const player = req.connecting ? this.game.playerInfo(p, true) : this.game.playerInfo(p);
    outbox.playerJoined({ type: "playerJoined", player, playerCount: count });
    // Players only watch the count in the lobby; late joins do not interrupt a running game.
    if (state.phase === "lobby") outbox.lobbyCount({ type: "lobby", playerCount: count, locked: state.locked });
    this.game.event("player.join", "player", p.id, {
      nickname: p.nickname,
      userId: p.userId,
      late: state.phase !== "lobby",
    });
    // A join changes the room; the flush coalesces a burst of joins into few writes.
    this.game.effects.flushEvents();
    return {
      ok: true,
      playerId: p.id,
      nickname: p.nickname,
      gameId: config.gameId,
      code: config.code,
      rejoined: false,
    };
  }
}

/**
 * How long a new seat may take to reach its client (an HTTP join's answer, then the socket)
 * before it can count as a ghost: two players picking the same name at once must not take each
 * other's seat.
 */
export const GHOST_AFTER_MS = 10_000;

/**
 * A seat whose join never reached its client (never confirmed: no frame from it, no connect with
 * its token), older than `GHOST_AFTER_MS` and with no socket open, is a ghost: the nickname goes
 * to whoever asks for it now. A seat ever really used is never given away.
 */
function ghostOf(game: GameContext, skeleton: string): PlayerRow | undefined {
  const connected = game.outbox.connected();
  const before = game.now() - GHOST_AFTER_MS;
  for (const p of game.store.players().values())
    if (p.skeleton === skeleton)
      return p.confirmed === false && !p.kicked && p.joinedAt <= before && !connected.has(p.id) ? p : undefined;
  return undefined;
}

/**
 * The name or student ID as stored: trimmed and cut to its limit (the worker already refused a
 * longer one; this holds for any caller). "" when none was given.
 */
function studentIdOf(raw: string | undefined): string {
  return Array.from((raw ?? "").trim())
    .slice(0, STUDENT_ID_MAX)
    .join("")
    .trim();
}

/** A new seat: nothing scored yet, unconfirmed until its client is heard from. */
export function newPlayer(
  id: string,
  name: { nickname: string; skeleton: string },
  userId: string | null,
  studentId: string | null,
  joinedAt: number,
): PlayerRow {
  return {
    id,
    nickname: name.nickname,
    skeleton: name.skeleton,
    userId,
    // Only a seat that was asked carries the field (rows stay as they were in other games).
    ...(studentId ? { studentId } : {}),
    joinedAt,
    score: 0,
    streak: 0,
    correctCount: 0,
    answeredCount: 0,
    totalTimeMs: 0,
    rank: null,
    prevRank: null,
    extraTime: 1,
    kicked: false,
    minRttMs: null,
    connects: 0,
    confirmed: false,
  };
}
