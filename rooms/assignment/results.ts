// An assignment's results in D1, in the same tables and shape as a live game's (rooms/results.ts):
// one game_players row per participant with the attempt that counts, one answers row per answer of
// that attempt. Idempotent: the game's answers are replaced, players upserted, so a retry, or a
// second close after a reopen, leaves exactly what the room holds.
import { answerRow, writeRoomResults } from "../kit/result-writer.ts";
import { afterFailedWrite } from "../kit/results-retry.ts";
import { DEFAULT_RETENTION_MS, ranked, resultsSaved } from "./rules.ts";
import type { AssignmentAnswer, AssignmentConfig, AssignmentState, Participant } from "./types.ts";

export interface AssignmentResults {
  config: AssignmentConfig;
  state: AssignmentState;
  participants: Participant[];
  answers: AssignmentAnswer[];
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
