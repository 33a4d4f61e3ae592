// An assignment's results in D1, in the same tables and shape as a live game's (rooms/results.ts):
// one game_players row per participant with the attempt that counts, one answers row per answer of
// that attempt. Idempotent: the game's answers are replaced, players upserted, so a retry, or a
// second close after a reopen, leaves exactly what the room holds. Before the close, a student who
// finishes an attempt has their own row and answers written at once (writeParticipantResult), so
// their history lists the homework; the close then writes every row again, with final ranks.
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { answers as answersTable } from "../../schema/db.ts";
import { answerRow, resultStatements, runInBatches, writeRoomResults } from "../kit/result-writer.ts";
import { afterFailedWrite } from "../kit/results-retry.ts";
import { queueLtiScore } from "./lti-outbox.ts";
import type { TeamRow } from "../kit/teams.ts";
import { DEFAULT_RETENTION_MS, ranked, resultsSaved } from "./rules.ts";
import { teamNames } from "./teams.ts";
import type { AssignmentAnswer, AssignmentConfig, AssignmentState, Participant } from "./types.ts";

export interface AssignmentResults {
  config: AssignmentConfig;
  state: AssignmentState;
  participants: Participant[];
  answers: AssignmentAnswer[];
  /** Team mode's teams: each row carries its participant's team name (the report's team tables). */
  teams?: readonly TeamRow[];
}

/**
 * The state once a results write reported: saved (the storage goes after the retention), or
 * failed (tried again from the alarm with the rooms' one backoff, kit/results-retry.ts).
 */
export function afterResultsWrite(
  st: AssignmentState,
  cfg: Pick<AssignmentConfig, "retentionMs">,
  ok: boolean,
  now: number,
): AssignmentState {
  return ok ? resultsSaved(st, now, cfg.retentionMs ?? DEFAULT_RETENTION_MS) : { ...st, ...afterFailedWrite(st, now) };
}

export function assignmentRows(r: AssignmentResults) {
  const { config } = r;
  const standings = ranked(config.settings, r.participants);
  const place = new Map(standings.map((s) => [s.p.id, s]));
  const team = teamNames(r.teams ?? []);
  const playerRows = r.participants.map((p) => {
    const s = place.get(p.id);
    const c = s?.counted;
    return {
      gameId: config.gameId,
      playerId: p.id,
      nickname: p.nickname,
      studentId: p.studentId,
      userId: p.userId,
      score: c?.score ?? 0,
      rank: s?.rank ?? 0,
      correctCount: c?.correctCount ?? 0,
      answeredCount: c?.answeredCount ?? 0,
      totalTimeMs: c?.totalTimeMs ?? 0,
      kicked: p.removed,
      joinedAt: p.joinedAt,
      team: (p.teamId && team.get(p.teamId)) || null,
    };
  });
  const countedAttempt = new Map(standings.map((s) => [s.p.id, s.counted.attempt]));
  const answerRows = r.answers
    .filter((a) => countedAttempt.get(a.participantId) === a.attempt)
    .map((a) => answerRow(config.gameId, a.participantId, a));
  return { playerRows, answerRows, playerCount: standings.length };
}

export async function writeAssignmentResults(db: D1Database, r: AssignmentResults): Promise<void> {
  const { playerRows, answerRows, playerCount } = assignmentRows(r);
  await writeRoomResults(db, {
    game: r.config,
    players: playerRows,
    answers: answerRows,
    playerCount,
    startedAt: r.state.opensAt,
    endedAt: r.state.closedAt ?? Date.now(),
    assignment: { deadline: r.state.deadline },
    replaceAnswers: true,
  });
}

/**
 * One participant's counted attempt, as the close would write it (same rows, the same writer), for
 * a student who has just finished an attempt: their game_players row (its rank provisional until
 * the close) and their answers, replacing whatever D1 had of theirs. `r.answers` may hold only
 * this participant's answers. Idempotent.
 */
export async function writeParticipantResult(
  db: D1Database,
  r: AssignmentResults,
  participantId: string,
): Promise<void> {
  const d = drizzle(db);
  const { playerRows, answerRows } = assignmentRows(r);
  const row = playerRows.find((p) => p.playerId === participantId);
  if (!row) return;
  const mine = answerRows.filter((a) => a.playerId === participantId);
  await runInBatches(d, [
    d
      .delete(answersTable)
      .where(and(eq(answersTable.gameId, r.config.gameId), eq(answersTable.playerId, participantId))),
    ...resultStatements(d, [row], mine),
    queueLtiScore(d, {
      gameId: r.config.gameId,
      userId: row.userId,
      correct: row.correctCount,
      questions: r.config.questions.length,
      now: Date.now(),
    }),
  ]);
}
