// A player's own games (by the account they joined with), and a teacher's students: players of
// the teacher's games who had an account or gave a student ID. Teachers see only their own games'
// players, admins everyone's; what the reader may not see is "not found".
import { and, desc, eq, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { rightAnswersVisible } from "../../rooms/assignment/rules.ts";
import type { AssignmentSettings } from "../../schema/assignment.ts";
import { answers, gamePlayers, games, ltiRoster, users } from "../../schema/db.ts";
import {
  STUDENT_LIST_MAX,
  type HistoryItem,
  type HistoryPage,
  type HistoryQuery,
  type MyGame,
  type StudentList,
  type StudentResults,
  type StudentResultsQuery,
} from "../../schema/students.ts";
import type { CurrentUser } from "../app-env.ts";
import { pageOf, requireCursor, rowPosition } from "../logs/cursor.ts";
import { caseVariants, likePattern } from "../quizzes/store.ts";
import { answerSheet } from "../reports/answer-sheet.ts";
import { gameHeader, sameStudentId } from "../reports/combined.ts";
import { gradable } from "../reports/insights.ts";
import { ratio } from "../reports/stats.ts";
import { type Db, olderThan } from "../db.ts";
import { mathOf } from "../math/quiz-math.ts";

type Reader = Pick<CurrentUser, "id" | "role">;

const playedAt = sql<number>`coalesce(${games.startedAt}, ${games.createdAt})`;

const historyColumns = {
  gameId: games.id,
  title: games.title,
  playedAt,
  nickname: gamePlayers.nickname,
  score: gamePlayers.score,
  rank: gamePlayers.rank,
  playerCount: games.playerCount,
  correctCount: gamePlayers.correctCount,
  answeredCount: gamePlayers.answeredCount,
  questionCount: games.questionCount,
};

type GameRow = typeof games.$inferSelect;

/**
 * Whether the student may see how they did on their own homework now: its teacher's `showAnswers`,
 * by the rule the assignment's room applies (rooms/assignment/rules.ts). Before the close a row is
 * in D1 only once the student has finished an attempt; "end" means all their attempts, which a row
 * tells only when one attempt was allowed (more with "end" is no longer accepted; older ones wait
 * for the close). A live game's results are the player's once it is over.
 */
function resultsShown(g: Pick<GameRow, "kind" | "status" | "settings">): boolean {
  if (g.kind !== "assignment") return true;
  const s = g.settings as Partial<AssignmentSettings>;
  return rightAnswersVisible(s.showAnswers ?? "end", (s.attempts ?? 1) <= 1, g.status === "ended");
}

/**
 * With several attempts counted "best", which attempt D1 holds (its answers, how many) tells which
 * one scored better: withheld too while the results are.
 */
function attemptHidden(g: Pick<GameRow, "kind" | "status" | "settings">): boolean {
  const s = g.settings as Partial<AssignmentSettings>;
  return !resultsShown(g) && (s.attempts ?? 1) > 1 && (s.counted ?? "best") === "best";
}

/** The student's standing as they may see it: hidden results are null, and so is a rank not final yet. */
function standing(
  g: Pick<GameRow, "kind" | "status" | "settings">,
  r: { score: number; rank: number; correctCount: number; answeredCount: number },
) {
  const shown = resultsShown(g);
  return {
    score: shown ? r.score : null,
    rank: shown && g.status === "ended" ? r.rank : null,
    correctCount: shown ? r.correctCount : null,
    answeredCount: attemptHidden(g) ? null : r.answeredCount,
  };
}

/**
 * The caller's games, newest first: a live game once it is over, a homework as soon as they
 * finished it (the room writes their row then; the close writes it again, ranked).
 */
export async function history(db: Db, userId: string, q: HistoryQuery): Promise<HistoryPage> {
  const where: (SQL | undefined)[] = [
    eq(gamePlayers.userId, userId),
    or(eq(games.status, "ended"), eq(games.kind, "assignment")),
  ];
  if (q.cursor) {
    const [at, id] = requireCursor(rowPosition, q.cursor);
    where.push(olderThan(playedAt, games.id, [at, id]));
  }
  const rows = await db
    .select({
      ...historyColumns,
      kind: games.kind,
      deadline: games.deadline,
      status: games.status,
      settings: games.settings,
    })
    .from(gamePlayers)
    .innerJoin(games, eq(games.id, gamePlayers.gameId))
    .where(and(...where))
    .orderBy(desc(playedAt), desc(games.id))
    .limit(q.limit + 1);
  const { items, nextCursor } = pageOf(rows, q.limit, (r) => [r.playedAt, r.gameId]);
  return {
    items: items.map(
      ({ kind, settings, deadline, ...r }): HistoryItem => ({
        ...r,
        ...standing({ kind, settings, status: r.status }, r),
        kind: kind === "assignment" ? "assignment" : "game",
        deadline: kind === "assignment" ? deadline : null,
      }),
    ),
    nextCursor,
  };
}

/**
 * One of the caller's games with their answers; null if they did not play it (or it is a live game
 * not over yet). A homework's answers say right or wrong, and show the right ones, only as its
 * `showAnswers` allows now.
 */
export async function myGame(db: Db, userId: string, gameId: string): Promise<MyGame | null> {
  const d = db;
  const [rows, game] = await d.batch([
    d
      .select()
      .from(gamePlayers)
      .where(and(eq(gamePlayers.gameId, gameId), eq(gamePlayers.userId, userId))),
    d.select().from(games).where(eq(games.id, gameId)),
  ]);
  // Two seats of one account in a game cannot happen (the room gives the account its seat back); the first is theirs.
  const me = rows[0];
  const g = game[0];
  if (!me || !g || (g.status !== "ended" && g.kind !== "assignment")) return null;
  const mine = await d
    .select()
    .from(answers)
    .where(and(eq(answers.gameId, gameId), eq(answers.playerId, me.playerId)));
  const shown = resultsShown(g);
  const sheet = answerSheet(g.snapshot, mine, true);
  return {
    game: gameHeader(g),
    kind: g.kind === "assignment" ? "assignment" : "game",
    deadline: g.kind === "assignment" ? g.deadline : null,
    me: { nickname: me.nickname, ...standing(g, me) },
    // Hidden: what they answered (unless that tells which attempt counted), nothing of whether it was
    // right: not "partly", nor the answer's feedback (which may name the right answer).
    questions: shown
      ? sheet
      : sheet.map(({ correct, earned, right, explanation, partly: _p, feedback: _f, ...rest }) =>
          attemptHidden(g) ? { ...rest, yours: null, responseMs: null } : rest,
        ),
    // The formulas of what is shown: hidden explanations are left out of the table too (its keys are the texts).
    // (Per-answer feedback tells right from wrong as well.)
    ...mathOf(
      shown
        ? g.snapshot
        : g.snapshot.map(({ explanation: _e, ...q }) => ({ ...q, feedback: undefined, ranges: undefined })),
    ),
  };
}

const hostedBy = (reader: Reader): SQL | undefined =>
  reader.role === "admin" ? undefined : eq(games.hostId, reader.id);

/** Students across the reader's games, most recently seen first; `q` matches a name, nickname or ID. */
export async function listStudents(db: Db, reader: Reader, search: string | undefined): Promise<StudentList> {
  // lower() folds ASCII only; sameStudentId() folds the rest when the results are read.
  const key = sql<string>`case when ${gamePlayers.userId} is not null then 'u:' || ${gamePlayers.userId} else 's:' || lower(trim(${gamePlayers.studentId})) end`;
  const where: (SQL | undefined)[] = [
    hostedBy(reader),
    or(isNotNull(gamePlayers.userId), isNotNull(gamePlayers.studentId)),
  ];
  if (search) {
    const fields = [gamePlayers.nickname, gamePlayers.studentId, users.name];
    where.push(
      or(...caseVariants(search).flatMap((v) => fields.map((f) => sql`${f} LIKE ${likePattern(v)} ESCAPE '\\'`))),
    );
  }
  const rows = await db
    .select({
      key,
      userId: sql<string | null>`max(${gamePlayers.userId})`,
      studentId: sql<string | null>`max(${gamePlayers.studentId})`,
      accountName: sql<string | null>`max(${users.name})`,
      nickname: sql<string>`max(${gamePlayers.nickname})`,
      games: sql<number>`count(distinct ${games.id})`,
      lastPlayedAt: sql<number>`max(${playedAt})`,
    })
    .from(gamePlayers)
    .innerJoin(games, eq(games.id, gamePlayers.gameId))
    .leftJoin(users, eq(users.id, gamePlayers.userId))
    .where(and(...where))
    .groupBy(key)
    .orderBy(desc(sql`max(${playedAt})`), key)
    .limit(STUDENT_LIST_MAX + 1);
  const played: StudentList["items"] = rows.slice(0, STUDENT_LIST_MAX).map((r) => ({
    userId: r.userId,
    studentId: r.userId ? null : r.studentId,
    name: r.accountName ?? r.studentId ?? r.nickname,
    games: r.games,
    lastPlayedAt: r.lastPlayedAt,
  }));
  // Learners of the reader's course rosters (LTI) who have not played yet follow those who have.
  const seen = new Set(played.map((p) => p.userId).filter(Boolean));
  const roster = await db
    .selectDistinct({ userId: ltiRoster.userId, name: ltiRoster.name })
    .from(ltiRoster)
    .innerJoin(games, eq(games.id, ltiRoster.gameId))
    .where(
      and(
        hostedBy(reader),
        search
          ? or(...caseVariants(search).map((v) => sql`${ltiRoster.name} LIKE ${likePattern(v)} ESCAPE '\\'`))
          : undefined,
      ),
    )
    .orderBy(ltiRoster.name)
    .limit(STUDENT_LIST_MAX + 1);
  const waiting = roster
    .filter((r) => !seen.has(r.userId) && (seen.add(r.userId), true))
    .map((r) => ({ userId: r.userId, studentId: null, name: r.name, games: 0, lastPlayedAt: null }));
  const items = [...played, ...waiting];
  return {
    items: items.slice(0, STUDENT_LIST_MAX),
    truncated: rows.length > STUDENT_LIST_MAX || items.length > STUDENT_LIST_MAX,
  };
}

/** One student's games among the reader's; null when the reader has no such student. */
export async function studentResults(db: Db, reader: Reader, q: StudentResultsQuery): Promise<StudentResults | null> {
  const d = db;
  const who =
    q.userId !== undefined
      ? eq(gamePlayers.userId, q.userId)
      : sql`lower(trim(${gamePlayers.studentId})) = lower(${q.studentId!.trim()})`;
  let rows = await d
    .select({
      ...historyColumns,
      playerId: gamePlayers.playerId,
      studentId: gamePlayers.studentId,
      kicked: gamePlayers.kicked,
      accountName: users.name,
      snapshot: games.snapshot,
    })
    .from(gamePlayers)
    .innerJoin(games, eq(games.id, gamePlayers.gameId))
    .leftJoin(users, eq(users.id, gamePlayers.userId))
    .where(and(hostedBy(reader), who))
    .orderBy(desc(playedAt), desc(games.id));
  // SQLite's lower() folds ASCII only: the ID is compared again here, Unicode case and width included.
  if (q.studentId !== undefined)
    rows = rows.filter((r) => r.studentId !== null && sameStudentId(r.studentId) === sameStudentId(q.studentId!));
  if (!rows.length) return null;
  // Polls are never right or wrong: the share is of the questions that can be.
  const counted = rows.filter((r) => !r.kicked);
  const correct = counted.reduce((n, r) => n + r.correctCount, 0);
  const questions = counted.reduce((n, r) => n + gradable(r.snapshot), 0);
  return {
    student: {
      userId: q.userId ?? null,
      studentId: q.studentId ?? rows[0].studentId,
      name: rows[0].accountName ?? rows[0].studentId ?? rows[0].nickname,
    },
    games: rows.map(({ kicked, accountName, snapshot, ...g }) => g),
    totals: { games: rows.length, correct, questions, share: ratio(correct, questions) },
  };
}
