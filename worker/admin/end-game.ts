// Ending a game from outside its host screen (the admin console). A live room is told as its
// host would tell it — over a host socket, which the room opens to an admin — so the room ends
// the game, writes the results and tells every player. An assignment is closed by its object, the
// way its teacher closes it (results written to D1, late answers refused). A game nothing holds
// any more (its room was cleaned up while D1 still said lobby or running) is closed in D1 only.
import { and, eq, ne } from "drizzle-orm";
import { games } from "../../schema/db.ts";
import type { ServerMessage } from "../../schema/messages.ts";
import { IDENTITY_HEADERS } from "../../rooms/kit/identity.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { conflict } from "../errors.ts";
import { assignmentStub } from "../games/codes.ts";
import { roomStub } from "../games/host.ts";
import { livePhase, newestOfCode } from "../games/room-phase.ts";

const WAIT_MS = 5000;

/** Sends `end` over a host socket and waits for the room's `ended` frame. */
async function endInRoom(env: Env, code: string, adminId: string): Promise<void> {
  const res = await roomStub(env, code).fetch(
    new Request(`https://room/ws/${code}/host`, {
      headers: {
        Upgrade: "websocket",
        [IDENTITY_HEADERS.role]: "host",
        [IDENTITY_HEADERS.user]: adminId,
        [IDENTITY_HEADERS.userRole]: "admin",
      },
    }),
  );
  const ws = res.webSocket;
  if (!ws) throw conflict(`the room refused: ${(await res.text()).slice(0, 200)}`);
  ws.accept();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the room did not confirm the end in time")), WAIT_MS);
      ws.addEventListener("message", (e) => {
        const msg = JSON.parse(String(e.data)) as ServerMessage;
        if (msg.type === "welcome") ws.send(JSON.stringify({ type: "end" }));
        else if (msg.type === "ended") {
          clearTimeout(timer);
          resolve();
        } else if (msg.type === "error") {
          clearTimeout(timer);
          reject(conflict(`the room refused: ${msg.message}`));
        }
      });
      ws.addEventListener("close", () => {
        clearTimeout(timer);
        reject(new Error("the room closed the socket"));
      });
    });
  } finally {
    try {
      ws.close(1000, "done");
    } catch {
      // Closed already.
    }
  }
}

export async function endGame(
  env: Env,
  db: Db,
  game: { id: string; code: string; status: string; kind: string },
  adminId: string,
): Promise<"room" | "assignment" | "record"> {
  if (game.status === "ended") throw conflict("this game is already over");
  if (game.kind === "assignment") {
    if (await closeAssignment(env, db, game, adminId)) return "assignment";
  } else if (await endLive(env, db, game, adminId)) return "room";
  await db
    .update(games)
    .set({ status: "ended", endedAt: Date.now() })
    .where(and(eq(games.id, game.id), ne(games.status, "ended")));
  return "record";
}

/** Whether a live room held the game and ended it. */
async function endLive(env: Env, db: Db, game: { id: string; code: string }, adminId: string): Promise<boolean> {
  const phase = await livePhase(env, db, game);
  if (phase === "podium" || phase === "ended") throw conflict("this game is over; its results are being saved");
  if (!phase) return false;
  await endInRoom(env, game.code, adminId);
  return true;
}

/** Whether the assignment's object still held it and closed it (its results go to D1 from there). */
async function closeAssignment(
  env: Env,
  db: Db,
  game: { id: string; code: string },
  adminId: string,
): Promise<boolean> {
  // A code is reused once an object has deleted its storage: only the newest game owns it.
  if (!(await newestOfCode(db, game))) return false;
  const res = await assignmentStub(env, game.code).close({ userId: adminId, role: "admin" }, game.id);
  return res.ok;
}
