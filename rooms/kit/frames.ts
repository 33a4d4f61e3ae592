// A socket frame from text to a validated client message, and each player's frame budget.
import {
  clientMessage,
  type ClientMessage,
  type ERROR_CODES,
  MAX_FRAME_BYTES,
  type ServerMessageOf,
} from "../../schema/messages.ts";
import type { z } from "zod";

type ErrorCode = (typeof ERROR_CODES)[number];

/** An error frame; `forType` names the message type it answers. */
export const errorMessage = (code: ErrorCode, message: string, forType?: string): ServerMessageOf<"error"> => ({
  type: "error",
  code,
  message,
  ...(forType ? { for: forType } : {}),
});

/** A player may send this many frames per window; more are refused (answers need one a question). */
export const PLAYER_FRAME_BUDGET = 20;
export const PLAYER_FRAME_WINDOW_MS = 5000;

function utf8Length(s: string): number {
  // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  return s.length * 3 <= MAX_FRAME_BYTES ? s.length : new TextEncoder().encode(s).length;
}

/** The first `n` code points: never half a surrogate pair (an emoji cut in two is not Unicode). */
export function codePoints(s: string, n: number): string {
  let out = "";
  let count = 0;
  for (const ch of s) {
    if (count++ === n) break;
    out += ch;
  }
  return out;
}

/** Why a frame was refused: one of the protocol's error codes, a message, the frame's `type` when known. */
export interface FrameProblem {
  code: "too-large" | "bad-message" | "bad-json";
  message: string;
  for?: string;
}

/** A frame parsed by `schema`, or what is wrong with it (the live room's and an assignment's sockets share these rules). */
export function decodeWith<T>(
  raw: string | ArrayBuffer,
  schema: { safeParse(data: unknown): { success: true; data: T } | { success: false; error: z.ZodError } },
): { ok: true; msg: T } | { ok: false; problem: FrameProblem } {
  const fail = (code: FrameProblem["code"], message: string, forType?: string) => ({
    ok: false as const,
    problem: { code, message, ...(forType ? { for: forType } : {}) },
  });
  const tooLarge = `frames are limited to ${MAX_FRAME_BYTES} bytes`;
  if (typeof raw !== "string")
    return raw.byteLength > MAX_FRAME_BYTES
      ? fail("too-large", tooLarge)
      : fail("bad-message", "send JSON text frames, not binary");
  if (utf8Length(raw) > MAX_FRAME_BYTES) return fail("too-large", tooLarge);
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return fail("bad-json", "the frame is not valid JSON");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const typeName =
      typeof (data as { type?: unknown })?.type === "string"
        ? codePoints((data as { type: string }).type, 32)
        : undefined;
    const issue = parsed.error.issues[0];
    return fail("bad-message", `invalid message: ${issue.path.join(".") || "(root)"}: ${issue.message}`, typeName);
  }
  return { ok: true, msg: parsed.data };
}

/** A valid client message, or the error frame that says what is wrong with it. */
export function decodeFrame(
  raw: string | ArrayBuffer,
): { ok: true; msg: ClientMessage } | { ok: false; error: ServerMessageOf<"error"> } {
  const res = decodeWith(raw, clientMessage);
  if (res.ok) return res;
  return { ok: false, error: errorMessage(res.problem.code, res.problem.message, res.problem.for) };
}

/** What a player over the budget is told (once per window). */
export const overBudget = (): ServerMessageOf<"error"> =>
  errorMessage(
    "rate-limited",
    `too many messages: at most ${PLAYER_FRAME_BUDGET} in ${PLAYER_FRAME_WINDOW_MS / 1000} s, slow down`,
  );

/**
 * Every frame of a player counts, bad ones too, or a flood of garbage would cost a reply each.
 * Past the budget the sender is told once per window; the rest are dropped without a reply.
 */
export class FrameBudget {
  private windows = new Map<string, { start: number; count: number }>();

  /** "ok" within the budget; "tell" for the first frame over it in a window; "drop" after that. */
  take(playerId: string, now: number): "ok" | "tell" | "drop" {
    const w = this.windows.get(playerId);
    if (!w || now - w.start >= PLAYER_FRAME_WINDOW_MS) {
      this.windows.set(playerId, { start: now, count: 1 });
      return "ok";
    }
    w.count++;
    return w.count <= PLAYER_FRAME_BUDGET ? "ok" : w.count === PLAYER_FRAME_BUDGET + 1 ? "tell" : "drop";
  }

  clear(): void {
    this.windows.clear();
  }
}
