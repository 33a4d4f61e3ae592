// The admin console's quizzes and games: every quiz searched and unpublished with a logged reason,
// every game listed with its host, and a game ended from the console (a live room for real).
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AdminGamePage, AdminQuizPage } from "../schema/admin.ts";
import { games } from "../schema/db.ts";
import type { LogPage } from "../schema/events.ts";
import type { GameList } from "../schema/report.ts";
import { eventually } from "./helpers/wait.ts";
import { api } from "./helpers/api.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { Client, host, hostedGames, join } from "./helpers/room-client.ts";
import {
  answer,
  assign,
  assignmentOf,
  evictAssignment,
  playOk,
  progressOf,
  startOk,
} from "./helpers/assignment-client.ts";
import { gamePlayers } from "../schema/db.ts";

const used = hostedGames();
const get = async <T>(path: string, token?: string) => {
  const res = await api(path, { token });
  return { status: res.status, body: (await res.json()) as T };
};
const post = (path: string, token: string, json?: unknown) => api(path, { method: "POST", token, json });
const statusOf = async (gameId: string) =>
  (await drizzle(env.DB).select({ s: games.status }).from(games).where(eq(games.id, gameId)).get())?.s;

async function events(token: string, type: string) {
  return ((await (await api(`/api/logs?type=${type}&limit=200`, { token })).json()) as LogPage).items;
}

describe("quizzes", () => {
  it("a search as long as the schema allows (Cyrillic, full of % and _) is answered, cut to D1's pattern limit", async () => {
    const admin = await makeUser("admin", "Root");
    const owner = await makeUser("teacher", "Long Search");
    const title = `Ж%_${crypto.randomUUID().slice(0, 8)}`;
    const id = await makeQuiz(owner.id, [{ type: "truefalse", text: "Q", correct: true }], "public");
    await env.DB.prepare("UPDATE quizzes SET title = ? WHERE id = ?")
      .bind(`${title}${"ж".repeat(60)}`, id)
      .run();
    // 100 characters, ~190 bytes escaped: over D1's 50-byte LIKE limit unless it is cut.
    const q = encodeURIComponent(`${title}${"ж".repeat(100 - title.length)}`);
    for (const path of [`/api/admin/quizzes?q=${q}`, `/api/quizzes?scope=public&q=${q}`]) {
      const res = await get<{ items: { id: string }[] }>(
        path,
        path.startsWith("/api/admin") ? admin.token : owner.token,
      );
      expect(res.status, path).toBe(200);
      expect(res.body.items.map((x) => x.id)).toContain(id);
    }
    expect((await get(`/api/admin/users?q=${q}`, admin.token)).status).toBe(200);
    expect((await get(`/api/students?q=${q}`, owner.token)).status).toBe(200);
  });

  it("an admin searches every quiz and unpublishes a public one with a reason the owner can read", async () => {
    const admin = await makeUser("admin", "Root");
    const owner = await makeUser("teacher", "Quinn Owner");
    const tag = crypto.randomUUID().slice(0, 6);
    const pub = await makeQuiz(owner.id, [{ type: "truefalse", text: "Q", correct: true }], "public");
    const priv = await makeQuiz(owner.id, [{ type: "truefalse", text: "Q", correct: true }], "private");
    await env.DB.prepare("UPDATE quizzes SET title = ? WHERE id IN (?, ?)").bind(`Spam ${tag}`, pub, priv).run();

    const all = await get<AdminQuizPage>(`/api/admin/quizzes?q=${tag}`, admin.token);
    expect(all.status).toBe(200);
    expect(all.body.items.map((q) => q.id).sort()).toEqual([pub, priv].sort());
    expect(all.body.items[0]).toMatchObject({
      ownerId: owner.id,
      ownerName: "Quinn Owner",
      ownerEmail: `${owner.id}@example.test`,
    });
    expect(
      (await get<AdminQuizPage>(`/api/admin/quizzes?q=${tag}&visibility=public`, admin.token)).body.items.map(
        (q) => q.id,
      ),
    ).toEqual([pub]);
    // By the owner's name too.
    expect(
      (await get<AdminQuizPage>(`/api/admin/quizzes?q=quinn%20owner`, admin.token)).body.items.length,
    ).toBeGreaterThanOrEqual(2);

    expect((await post(`/api/admin/quizzes/${pub}/unpublish`, admin.token, { reason: "" })).status).toBe(400);
    expect((await post(`/api/admin/quizzes/${pub}/unpublish`, admin.token, {})).status).toBe(400);
    const res = await post(`/api/admin/quizzes/${pub}/unpublish`, admin.token, { reason: "Copied from a textbook" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      quiz: { id: pub, visibility: "private", unpublishedReason: "Copied from a textbook" },
    });
    // Out of the public catalog; the owner still has it.
    const catalog = await get<{ items: { id: string }[] }>(`/api/quizzes?scope=public&q=${tag}`, owner.token);
    expect(catalog.body.items).toEqual([]);
    expect((await get<{ quiz: { visibility: string } }>(`/api/quizzes/${pub}`, owner.token)).body.quiz.visibility).toBe(
      "private",
    );
    // Not public any more (or never was): 409, nothing logged twice.
    expect((await post(`/api/admin/quizzes/${pub}/unpublish`, admin.token, { reason: "again" })).status).toBe(409);
    expect((await post(`/api/admin/quizzes/${priv}/unpublish`, admin.token, { reason: "x" })).status).toBe(409);
    expect((await post(`/api/admin/quizzes/nope/unpublish`, admin.token, { reason: "x" })).status).toBe(404);
    // The owner reads why in their own log.
    const seen = await eventually(async () =>
      (await events(owner.token, "admin.quiz_unpublish")).find((e) => e.quizId === pub),
    );
    expect(seen).toMatchObject({ actorId: admin.id, role: "admin", payload: { reason: "Copied from a textbook" } });
    expect((await events(owner.token, "admin.quiz_unpublish")).length).toBe(1);
    expect((await post(`/api/admin/quizzes/${priv}/unpublish`, owner.token, { reason: "x" })).status).toBe(403);
  });

  it("an unpublished quiz tells its owner why and stays private until an admin allows republishing", async () => {
    const admin = await makeUser("admin");
    const owner = await makeUser("teacher");
    const pub = await makeQuiz(owner.id, [{ type: "truefalse", text: "Q", correct: true }], "public");
    expect(
      (await post(`/api/admin/quizzes/${pub}/unpublish`, admin.token, { reason: "Answers are wrong" })).status,
    ).toBe(200);
    // The owner sees the reason on the quiz and on its catalog row.
    const mine = await get<{ quiz: Record<string, unknown> }>(`/api/quizzes/${pub}`, owner.token);
    expect(mine.body.quiz).toMatchObject({ visibility: "private", unpublishedReason: "Answers are wrong" });
    const row = (await get<{ items: Record<string, unknown>[] }>("/api/quizzes?scope=mine&limit=50", owner.token)).body
      .items;
    expect(row.find((q) => q.id === pub)).toMatchObject({ unpublishedReason: "Answers are wrong" });
    // Republishing, public or unlisted, is refused with the reason; nothing changes.
    const {
      id: _id,
      ownerId: _o,
      ownerName: _n,
      createdAt: _c,
      updatedAt: _u,
      unpublishedReason: _r,
      ...content
    } = mine.body.quiz;
    const put = (visibility: string, token = owner.token) =>
      api(`/api/quizzes/${pub}`, { method: "PUT", token, json: { ...content, visibility } });
    for (const visibility of ["public", "unlisted"]) {
      const refused = await put(visibility);
      expect(refused.status).toBe(403);
      const { error } = (await refused.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("forbidden");
      expect(error.message).toContain("Answers are wrong");
      expect(error.message).toContain("until an admin allows republishing");
    }
    expect((await get<{ quiz: { visibility: string } }>(`/api/quizzes/${pub}`, owner.token)).body.quiz.visibility).toBe(
      "private",
    );
    // Other edits still save while it stays private; a copy stays held too.
    expect((await put("private")).status).toBe(200);
    const copy = (await (await post(`/api/quizzes/${pub}/duplicate`, owner.token)).json()) as {
      quiz: { id: string; unpublishedReason?: string };
    };
    expect(copy.quiz.unpublishedReason).toBe("Answers are wrong");
    // The admin console lists the reason; only an admin may lift it, once.
    const listed = await get<AdminQuizPage>(`/api/admin/quizzes?q=${owner.id}`, admin.token);
    expect(listed.body.items.find((q) => q.id === pub)?.unpublishedReason).toBe("Answers are wrong");
    expect((await post(`/api/admin/quizzes/${pub}/allow-republish`, owner.token)).status).toBe(403);
    const allowed = await post(`/api/admin/quizzes/${pub}/allow-republish`, admin.token);
    expect(allowed.status).toBe(200);
    expect((await post(`/api/admin/quizzes/${pub}/allow-republish`, admin.token)).status).toBe(409);
    expect((await post(`/api/admin/quizzes/nope/allow-republish`, admin.token)).status).toBe(404);
    expect((await put("unlisted")).status).toBe(200);
    const after = await get<{ quiz: Record<string, unknown> }>(`/api/quizzes/${pub}`, owner.token);
    expect(after.body.quiz.visibility).toBe("unlisted");
    expect(after.body.quiz).not.toHaveProperty("unpublishedReason");
    const seen = await eventually(async () =>
      (await events(owner.token, "admin.quiz_republish_allowed")).find((e) => e.quizId === pub),
    );
    expect(seen).toMatchObject({ actorId: admin.id, role: "admin" });
  });
});

describe("games", () => {
  it("lists every game with its host; the reports list names the host for an admin only", async () => {
    const admin = await makeUser("admin");
    const t = await makeUser("teacher", "Hosting Hannah");
    const quiz = await makeQuiz(t.id, [{ type: "truefalse", text: "Q", correct: true }]);
    const game = await host(t.token, quiz, { readingTime: 0 });
    used.push(game);
    const page = await get<AdminGamePage>(`/api/admin/games?q=${game.code}`, admin.token);
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({
        id: game.gameId,
        code: game.code,
        status: "lobby",
        hostId: t.id,
        hostName: "Hosting Hannah",
        hostEmail: `${t.id}@example.test`,
      }),
    ]);
    expect(
      (await get<AdminGamePage>(`/api/admin/games?q=hannah&status=lobby`, admin.token)).body.items.map((g) => g.id),
    ).toContain(game.gameId);
    expect((await get<AdminGamePage>(`/api/admin/games?q=hannah&status=ended`, admin.token)).body.items).toEqual([]);
    const forAdmin = await get<GameList>("/api/games?limit=100", admin.token);
    expect(forAdmin.body.items.find((g) => g.id === game.gameId)?.hostName).toBe("Hosting Hannah");
    const forTeacher = await get<GameList>("/api/games", t.token);
    expect(forTeacher.body.items.find((g) => g.id === game.gameId)).not.toHaveProperty("hostName");
    for (const qs of ["status=paused", "limit=1000", "cursor=!", "q=" + "x".repeat(101)]) {
      expect((await get(`/api/admin/games?${qs}`, admin.token)).status, qs).toBe(400);
    }
    expect((await get("/api/admin/games", t.token)).status).toBe(403);
  });

  it("ends a running game from the console: the players are told, the results are saved, the host's log says who ended it", async () => {
    const admin = await makeUser("admin", "Ada Admin");
    const t = await makeUser("teacher");
    const quiz = await makeQuiz(t.id, [
      { type: "truefalse", text: "One", correct: true },
      { type: "truefalse", text: "Two", correct: false },
    ]);
    const game = await host(t.token, quiz, { readingTime: 0 });
    used.push(game);
    const h = await Client.host(game, t.token);
    await h.next("welcome");
    const p = await Client.player(await join(game.code, "Pat"));
    await p.next("welcome");
    h.send({ type: "start" });
    await p.next("question");
    p.send({ type: "answer", q: 0, answer: { choice: 0 } });
    await p.next("answered");
    // D1 writes the count with the results; the console asks the room while the game runs.
    const d1 = await drizzle(env.DB).select().from(games).where(eq(games.id, game.gameId)).get();
    expect(d1?.playerCount).toBe(0);
    const listed = await get<AdminGamePage>(`/api/admin/games?q=${game.code}`, admin.token);
    expect(listed.body.items.find((g) => g.id === game.gameId)?.playerCount).toBe(1);

    const res = await post(`/api/admin/games/${game.gameId}/end`, admin.token);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ via: "room" });
    expect((await p.next("ended")).reason).toBe("ended-by-host");
    await h.next("ended");
    await eventually(async () => ((await statusOf(game.gameId)) === "ended" ? true : null), 250);
    const row = await drizzle(env.DB).select().from(games).where(eq(games.id, game.gameId)).get();
    expect(row).toMatchObject({ status: "ended", playerCount: 1 });
    // Over is over.
    expect((await post(`/api/admin/games/${game.gameId}/end`, admin.token)).status).toBe(409);
    const logged = await eventually(async () =>
      (await events(t.token, "admin.game_end")).find((e) => e.gameId === game.gameId),
    );
    // The status D1 had when it was ended: the room marks a started game running in the background.
    expect(logged).toMatchObject({
      actorId: admin.id,
      payload: { via: "room", status: expect.stringMatching(/^(lobby|running)$/) },
      gameCode: game.code,
      gameKind: "live",
      gameTitle: expect.any(String),
      quizTitle: expect.any(String),
      // The teacher reads the admin's event on their game, but not the admin's name.
      actorName: null,
      ownerName: null,
    });
    // The admin reads names for every id: their own, a player's nickname, the game's code.
    const log = (await (
      await api(`/api/logs?gameId=${game.gameId}&limit=200`, { token: admin.token })
    ).json()) as LogPage;
    expect(log.items.find((e) => e.type === "admin.game_end")).toMatchObject({
      actorName: "Ada Admin",
      gameCode: game.code,
    });
    const joined = await eventually(async () => log.items.find((e) => e.actorType === "player") ?? null);
    expect(joined).toMatchObject({ actorName: "Pat" });
    // The room's own game.end names the admin as the one who ended it.
    await eventually(async () =>
      (await events(t.token, "game.end")).find((e) => e.gameId === game.gameId && e.actorId === admin.id),
    );
    for (const c of [h, p]) c.close();
  });

  it("ends a running assignment through its object: results in D1, late answers refused, logged; a gone object: D1 only", async () => {
    const admin = await makeUser("admin");
    const t = await makeUser("teacher");
    const quiz = await makeQuiz(t.id, [
      { type: "truefalse", text: "One", correct: true },
      { type: "truefalse", text: "Two", correct: false },
    ]);
    const a = await assign(t.token, quiz);
    const s = await startOk(a.code, "Ada");
    expect((await answer(a.code, s.token, 0, { choice: 0 })).status).toBe(200);
    await playOk(a.code, s.token);
    // Homework counts come from its object as a live room's do: D1 says 0 until the results are written.
    await startOk(a.code, "Bo");
    expect((await drizzle(env.DB).select().from(games).where(eq(games.id, a.gameId)).get())?.playerCount).toBe(0);
    const listed = await get<AdminGamePage>(`/api/admin/games?q=${a.code}`, admin.token);
    expect(listed.body.items.find((g) => g.id === a.gameId)).toMatchObject({ kind: "assignment", playerCount: 2 });

    const res = await post(`/api/admin/games/${a.gameId}/end`, admin.token);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ via: "assignment" });
    // As the teacher's close: closed for everyone, the late answer refused, the results in D1.
    expect((await progressOf(a.code, t.token)).status).toBe("closed");
    const late = await answer(a.code, s.token, 1, { choice: 1 });
    expect(late.status).toBe(403);
    expect(late.json).toMatchObject({ error: { issues: [{ message: "closed" }] } });
    await eventually(async () => ((await statusOf(a.gameId)) === "ended" ? true : null), 250);
    // By nickname: the rows' order in D1 is the order they were written (a finished attempt's row
    // goes first, the close writes the rest), which says nothing here.
    const rows = await drizzle(env.DB)
      .select()
      .from(gamePlayers)
      .where(eq(gamePlayers.gameId, a.gameId))
      .orderBy(gamePlayers.nickname)
      .all();
    expect(rows).toEqual([
      expect.objectContaining({ nickname: "Ada", answeredCount: 1 }),
      expect.objectContaining({ nickname: "Bo", answeredCount: 0 }),
    ]);
    expect((await post(`/api/admin/games/${a.gameId}/end`, admin.token)).status).toBe(409);
    const logged = await eventually(async () =>
      (await events(t.token, "admin.game_end")).find((e) => e.gameId === a.gameId),
    );
    expect(logged).toMatchObject({
      actorId: admin.id,
      payload: { via: "assignment", status: "running", code: a.code },
    });

    // An assignment whose object has deleted its storage while D1 still says running: D1 only.
    const b = await assign(t.token, quiz);
    await runInDurableObject(assignmentOf(b.code), (_o, st) => st.storage.deleteAll());
    await evictAssignment(b.code);
    const rec = await post(`/api/admin/games/${b.gameId}/end`, admin.token);
    expect(await rec.json()).toEqual({ via: "record" });
    expect(await statusOf(b.gameId)).toBe("ended");
  });

  it("closes a game no room holds any more in D1 only; teachers and strangers cannot end games here", async () => {
    const admin = await makeUser("admin");
    const t = await makeUser("teacher");
    const id = crypto.randomUUID();
    await drizzle(env.DB)
      .insert(games)
      .values({
        id,
        code: "ZZZ234",
        hostId: t.id,
        title: "Stale",
        settings: {
          shuffleQuestions: false,
          shuffleOptions: false,
          readingTime: 0,
          leaderboard: "end",
          autoAdvance: false,
          lateJoin: true,
          nicknames: "free",
          maxPlayers: 10,
          accuracyOnly: false,
        },
        snapshot: [],
        status: "running",
        playerCount: 0,
        questionCount: 0,
        createdAt: Date.now() - 86_400_000,
      });
    expect((await post(`/api/admin/games/${id}/end`, t.token)).status).toBe(403);
    expect((await api(`/api/admin/games/${id}/end`, { method: "POST" })).status).toBe(401);
    const res = await post(`/api/admin/games/${id}/end`, admin.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ via: "record" });
    expect(await statusOf(id)).toBe("ended");
    expect((await post(`/api/admin/games/nope/end`, admin.token)).status).toBe(404);
    expect((await post(`/api/admin/games/${encodeURIComponent("a b")}/end`, admin.token)).status).toBe(400);
  });
});
