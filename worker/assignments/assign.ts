// Assigning a quiz: load it (own, public or unlisted), freeze a snapshot in play order with its
// option layout, take a code from the live games' code space, initialise the assignment's object
// and record it in D1 (kind "assignment", running until it closes) so its report is there at once.
// The object deletes its storage ROOM_RETENTION_HOURS after D1 has the results of its close.
import type { AssignmentSettings } from "../../schema/assignment.ts";
import { displayOrders, optionIds, permutation } from "../../rooms/kit/shuffle.ts";
import type { CurrentUser } from "../app-env.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { ApiError, badRequest } from "../errors.ts";
import { allocateCode, assignmentStub } from "../games/codes.ts";
import { loadPlayableQuiz, retentionMs, roomStub } from "../games/host.ts";
import { MAX_ASSIGNMENT_MS } from "../../schema/assignment.ts";
import { playedMath } from "../math/quiz-math.ts";
import { recordHosted } from "../games/record.ts";

export async function assignQuiz(
  env: Env,
  db: Db,
  user: CurrentUser,
  quizId: string,
  settings: AssignmentSettings,
): Promise<{ gameId: string; code: string }> {
  const now = Date.now();
  const opensAt = settings.opensAt ?? now;
  if (settings.deadline <= now)
    throw badRequest("the deadline must be in the future", [{ path: "settings.deadline", message: "in the past" }]);
  if (settings.deadline - opensAt > MAX_ASSIGNMENT_MS)
    throw badRequest("an assignment stays open at most 120 days", [{ path: "settings.deadline", message: "too far" }]);
  const { quiz, questions: all } = await loadPlayableQuiz(db, user, quizId);
  const order = settings.shuffleQuestions ? permutation(all.length) : all.map((_, i) => i);
  const played = order.map((i) => all[i]);
  // The same formula table a hosted game carries: every view of the homework looks its texts up in it.
  const math = playedMath(played, quiz.language);
  const gameId = crypto.randomUUID();
  const frozen = { ...settings, opensAt };
  const code = await allocateCode(
    async (code) => (await roomStub(env, code).info()) !== null,
    async (code) =>
      (
        await assignmentStub(env, code).init({
          gameId,
          code,
          hostId: user.id,
          quizId: quiz.id,
          title: quiz.title,
          settings: frozen,
          questions: played,
          order,
          display: displayOrders(played, settings.shuffleOptions),
          ids: optionIds(played, settings.shuffleOptions),
          ...math,
          language: quiz.language,
          // Its storage outlives the results in D1 as long as a live room's does.
          retentionMs: retentionMs(env.ROOM_RETENTION_HOURS),
        })
      ).ok,
  );
  if (!code) throw new ApiError(500, "internal", "could not find a free code; try again");
  await recordHosted(db, assignmentStub(env, code), {
    id: gameId,
    code,
    quizId: quiz.id,
    hostId: user.id,
    title: quiz.title,
    settings: frozen,
    snapshot: played,
    questionCount: played.length,
    createdAt: now,
    kind: "assignment",
    deadline: settings.deadline,
    startedAt: opensAt,
  });
  return { gameId, code };
}
