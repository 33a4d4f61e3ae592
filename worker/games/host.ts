// Hosting a game: load the quiz (own, public or unlisted), freeze a validated snapshot in play
// order, allocate a code whose room is free, initialise the room, record the game in D1.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { quizzes } from "../../schema/db.ts";
import { question } from "../../schema/quiz.ts";
import type { GameSettings, LocationHint } from "../../schema/game.ts";
import type { Env } from "../env.ts";
import type { Db } from "../db.ts";
import type { CurrentUser } from "../app-env.ts";
import { ApiError, badRequest, notFound } from "../errors.ts";
import { permutation } from "../../rooms/kit/shuffle.ts";
import { allocateCode, assignmentStub } from "./codes.ts";
import { playedMath } from "../math/quiz-math.ts";
import { recordHosted } from "./record.ts";

const HOUR_MS = 3600_000;

export function roomStub(env: Env, code: string, locationHint?: LocationHint) {
  return env.ROOMS.get(env.ROOMS.idFromName(code), locationHint ? { locationHint } : undefined);
}

export function retentionMs(value: string | undefined): number {
  const hours = Number(value);
  return (Number.isFinite(hours) && hours > 0 ? hours : 24) * HOUR_MS;
}

/** A quiz the user may host (own, public or unlisted; any for an admin), its questions validated. */
export async function loadPlayableQuiz(db: Db, user: CurrentUser, quizId: string) {
  const quiz = await db.select().from(quizzes).where(eq(quizzes.id, quizId)).get();
  // A private quiz of someone else is reported as missing, not as forbidden: its existence is private too.
  if (!quiz || (quiz.visibility === "private" && quiz.ownerId !== user.id && user.role !== "admin"))
    throw notFound("no such quiz");
  const parsed = z.array(question).min(1).safeParse(quiz.questions);
  if (!parsed.success) throw badRequest("this quiz has invalid questions; open it in the editor and save it again");
  return { quiz, questions: parsed.data };
}

export interface HostedGame {
  gameId: string;
  code: string;
}

export async function hostGame(
  env: Env,
  db: Db,
  user: CurrentUser,
  quizId: string,
  settings: GameSettings,
  locationHint: LocationHint | undefined,
): Promise<HostedGame> {
  const { quiz, questions: all } = await loadPlayableQuiz(db, user, quizId);
  const order = settings.shuffleQuestions ? permutation(all.length) : all.map((_, i) => i);
  const played = order.map((i) => all[i]);
  const math = playedMath(played, quiz.language);
  const gameId = crypto.randomUUID();
  const now = Date.now();
  const code = await allocateCode(
    async (code) => (await assignmentStub(env, code).info()) !== null,
    async (code) =>
      (
        await roomStub(env, code, locationHint).init({
          gameId,
          code,
          hostId: user.id,
          quizId: quiz.id,
          title: quiz.title,
          settings,
          questions: played,
          ...math,
          language: quiz.language,
          order,
          retentionMs: retentionMs(env.ROOM_RETENTION_HOURS),
        })
      ).ok,
  );
  if (code) {
    // Where the root is: players on another continent get a relay near them (placement.ts).
    if (locationHint) await roomStub(env, code).relayPolicy({ rootHint: locationHint });
    await recordHosted(db, roomStub(env, code), {
      id: gameId,
      code,
      quizId: quiz.id,
      hostId: user.id,
      title: quiz.title,
      settings,
      // In play order, so answers.question_index i is snapshot[i].
      snapshot: played,
      questionCount: played.length,
      createdAt: now,
    });
    return { gameId, code };
  }
  throw new ApiError(500, "internal", "could not find a free game code; try again");
}
