// A finished attempt of a student whom an LMS launched (LTI), queued for that LMS's gradebook: one
// outbox row per (game, student) holding the counted attempt's correct answers out of the questions.
// Written in the same D1 batch as the student's result, and only when the game is placed in an LMS
// with a gradebook column and the student came from it; worker/lti/ags.ts delivers it. A row whose
// score is unchanged (a later, worse attempt under "best") is left as it is: nothing new to send.
import { sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { ltiScoreOutbox } from "../../schema/db.ts";

export function queueLtiScore(
  d: DrizzleD1Database,
  r: { gameId: string; userId: string | null; correct: number; questions: number; now: number },
) {
  return d
    .insert(ltiScoreOutbox)
    .select(
      sql`SELECT ${r.gameId}, ${r.userId}, ${r.correct}, ${r.questions}, ${r.now}, 'pending', 0, ${r.now}, NULL, NULL
        WHERE ${r.userId} IS NOT NULL
          AND EXISTS (SELECT 1 FROM lti_links WHERE game_id = ${r.gameId} AND line_item IS NOT NULL)
          AND EXISTS (SELECT 1 FROM lti_users WHERE user_id = ${r.userId})`,
    )
    .onConflictDoUpdate({
      target: [ltiScoreOutbox.gameId, ltiScoreOutbox.userId],
      set: {
        scoreGiven: sql`excluded.score_given`,
        scoreMaximum: sql`excluded.score_maximum`,
        finishedAt: sql`excluded.finished_at`,
        state: "pending",
        tries: 0,
        nextTryAt: sql`excluded.next_try_at`,
        lastError: null,
      },
      setWhere: sql`${ltiScoreOutbox.scoreGiven} != excluded.score_given OR ${ltiScoreOutbox.scoreMaximum} != excluded.score_maximum`,
    });
}
