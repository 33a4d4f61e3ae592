// Turns a validated log query into SQL conditions. The reader's scope comes first: an admin reads
// everything, a teacher only the events of their own quizzes and games (events.owner_id).
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { events, gamePlayers, games, quizzes, users } from "../../schema/db.ts";
import type { LogItem, LogPage, LogQuery } from "../../schema/events.ts";
import type { CurrentUser } from "../app-env.ts";
import { type Db, olderThan } from "../db.ts";
import { eventPosition, pageOf, requireCursor } from "./cursor.ts";

/** `auth.*` matches `auth.` up to (not including) `auth/`, the next string after every `auth.…`: an index range, no LIKE escaping. */
export function typeCondition(filter: string): SQL {
  if (filter.endsWith(".*")) {
    const prefix = filter.slice(0, -1);
    return and(gte(events.type, prefix), lt(events.type, `${filter.slice(0, -2)}/`))!;
  }
  return eq(events.type, filter);
}

export function logConditions(reader: Pick<CurrentUser, "id" | "role">, q: LogQuery): SQL[] {
  const where: SQL[] = [];
  if (reader.role !== "admin") where.push(eq(events.ownerId, reader.id));
  if (q.type) where.push(typeCondition(q.type));
  if (q.gameId) where.push(eq(events.gameId, q.gameId));
  if (q.userId) where.push(eq(events.actorId, q.userId));
  if (q.from !== undefined) where.push(gte(events.ts, q.from));
  if (q.to !== undefined) where.push(lt(events.ts, q.to));
  if (q.cursor) {
    const [ts, id] = requireCursor(eventPosition, q.cursor);
    where.push(olderThan(events.ts, events.id, [ts, id]));
  }
  return where;
}

/**
 * Newest first; reads one row past the page to know whether another page exists. Each id comes
 * with its name (left joins by primary key: a deleted user, quiz or game leaves a null). A teacher
 * reads the events of their own things, where other users' names are none of theirs: an actor's
 * name is given to an admin, for the reader themselves, and for players (their nickname).
 */
export async function readLog(db: Db, reader: Pick<CurrentUser, "id" | "role">, q: LogQuery): Promise<LogPage> {
  const owners = alias(users, "owners");
  const rows = await db
    .select({
      id: events.id,
      ts: events.ts,
      type: events.type,
      actorType: events.actorType,
      actorId: events.actorId,
      role: events.role,
      gameId: events.gameId,
      quizId: events.quizId,
      payload: events.payload,
      userName: users.name,
      ownerName: owners.name,
      nickname: gamePlayers.nickname,
      quizTitle: quizzes.title,
      gameTitle: games.title,
      gameCode: games.code,
      gameKind: games.kind,
    })
    .from(events)
    .leftJoin(users, and(eq(events.actorType, "user"), eq(users.id, events.actorId)))
    .leftJoin(
      gamePlayers,
      and(
        eq(events.actorType, "player"),
        eq(gamePlayers.gameId, events.gameId),
        eq(gamePlayers.playerId, events.actorId),
      ),
    )
    .leftJoin(owners, eq(owners.id, events.ownerId))
    .leftJoin(quizzes, eq(quizzes.id, events.quizId))
    .leftJoin(games, eq(games.id, events.gameId))
    .where(and(...logConditions(reader, q)))
    .orderBy(desc(events.ts), desc(events.id))
    .limit(q.limit + 1);
  const items = rows.map(({ userName, nickname, ownerName, ...r }): LogItem => {
    const admin = reader.role === "admin";
    const own = admin || r.actorId === reader.id;
    return { ...r, actorName: nickname ?? (own ? userName : null), ownerName: admin ? ownerName : null };
  });
  return pageOf<LogItem>(items, q.limit, (last) => [last.ts, last.id]);
}
