// LTI 1.3 against a local platform made of real parts (test/lti/platform.ts over real HTTP, jose
// signatures): registration, the launch's checks, Deep Linking, AGS scores through the outbox,
// NRPS roster.
import { env } from "cloudflare:workers";
import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { ltiScoreOutbox } from "../schema/db.ts";
import { openDb } from "../worker/db.ts";
import { flushScores } from "../worker/lti/ags.ts";
import { ASSIGNMENT_QUESTIONS, answer, playOk } from "./helpers/assignment-client.ts";
import { makeQuiz, makeUser } from "./helpers/fixtures.ts";
import { send } from "./helpers/fuzz-http.ts";
import { launch, login, platformUrl, postLaunch, registerPlatform } from "./helpers/lti.ts";
import { eventually } from "./helpers/wait.ts";
import {
  CLIENT_ID,
  DL,
  deepLinkingClaims,
  LTI,
  resourceLinkClaims,
  signIdToken,
  toolPublicJwks,
} from "./lti/messages.ts";

const ada = {
  sub: "student-1",
  name: "Ada Lovelace",
  roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
};
const grace = {
  sub: "teacher-1",
  name: "Grace Hopper",
  roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
};
const control = (path: string) => fetch(`${platformUrl()}/control/${path}`).then((r) => r.json() as Promise<any>);
const rl = (custom: Record<string, string> = {}) => resourceLinkClaims(platformUrl(), ada, custom);

beforeAll(async () => {
  const r = await registerPlatform();
  expect(r.status, r.text).toBe(200);
});

describe("tool keys and registration", () => {
  it("publishes the current and previous public keys, never a private part", async () => {
    const r = await send("/lti/jwks");
    expect(r.status).toBe(200);
    const { keys } = r.json as { keys: Record<string, string>[] };
    expect(keys.map((k) => k.kid)).toEqual(["qq-tool-2026-12", "qq-tool-2026-06"]);
    for (const k of keys) for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) expect(k[secret]).toBeUndefined();
  });

  it("Dynamic Registration recorded the platform, its client id and deployment; a second run cannot re-point it", async () => {
    const admin = await makeUser("admin");
    const r = await send("/api/lti/platforms", { headers: admin.headers });
    const [p] = (r.json as any).platforms;
    expect(p).toMatchObject({
      issuer: platformUrl(),
      clientId: CLIENT_ID,
      jwksUrl: `${platformUrl()}/jwks`,
      registeredBy: "dynamic",
      deploymentIds: ["deployment-1"],
    });
    expect((await registerPlatform()).status).toBe(409);
  });

  it("manual registration is for admins only and validates its input", async () => {
    const teacher = await makeUser("teacher");
    const admin = await makeUser("admin");
    const body = {
      name: "Moodle",
      issuer: "https://moodle.example.edu",
      clientId: "abc",
      authEndpoint: "https://moodle.example.edu/mod/lti/auth.php",
      tokenEndpoint: "https://moodle.example.edu/mod/lti/token.php",
      jwksUrl: "https://moodle.example.edu/mod/lti/certs.php",
      deploymentIds: ["1"],
    };
    const post = (headers: Record<string, string>, b: unknown) =>
      send("/api/lti/platforms", {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(b),
      });
    expect((await post(teacher.headers, body)).status).toBe(403);
    const bad = await post(admin.headers, { ...body, jwksUrl: "not a url", deploymentIds: [] });
    expect(bad.status).toBe(400);
    expect((bad.json as any).error.code).toBe("validation_failed");
    expect((await post(admin.headers, body)).status).toBe(201);
  });
});

describe("login initiation", () => {
  it("redirects to the platform's authorization endpoint with the OIDC parameters and echoes lti_message_hint", async () => {
    const { to, state, nonce } = await login();
    expect(to.origin + to.pathname).toBe(`${platformUrl()}/auth`);
    const p = Object.fromEntries(to.searchParams);
    expect(p).toMatchObject({
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: CLIENT_ID,
      login_hint: "student-1",
      lti_message_hint: "hint-42",
    });
    expect(p.redirect_uri).toMatch(/\/lti\/launch$/);
    expect(state.length).toBeGreaterThan(20);
    expect(nonce.length).toBeGreaterThan(20);
    expect(state).not.toBe(nonce);
  });

  it("refuses an unregistered issuer and a target outside the tool", async () => {
    const f = (fields: Record<string, string>) =>
      send("/lti/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      });
    expect(
      (await f({ iss: "https://nope.example", login_hint: "x", target_link_uri: "http://qq.test/lti/launch" })).status,
    ).toBe(400);
    expect((await f({ iss: platformUrl(), login_hint: "x", target_link_uri: "https://evil.example/x" })).status).toBe(
      400,
    );
  });
});

describe("launch checks", () => {
  async function refusedWith(token: (nonce: string) => Promise<string>, status = 401) {
    const { state, nonce } = await login();
    const r = await postLaunch(await token(nonce), state);
    expect(r.status, r.text).toBe(status);
    return (r.json as any).error.message as string;
  }

  it("refuses a token signed by another key (bad signature)", async () => {
    expect(await refusedWith((n) => signIdToken(platformUrl(), n, rl(), { key: "stranger" }))).toMatch(/signature/);
  });

  it("refuses a token for another audience", async () => {
    expect(await refusedWith((n) => signIdToken(platformUrl(), n, rl(), { aud: "someone-else" }))).toMatch(/aud/);
  });

  it("refuses several audiences without azp naming this tool", async () => {
    expect(await refusedWith((n) => signIdToken(platformUrl(), n, rl(), { aud: [CLIENT_ID, "other"] }))).toMatch(/azp/);
  });

  it("refuses an expired token", async () => {
    const old = Math.floor(Date.now() / 1000) - 3600;
    expect(await refusedWith((n) => signIdToken(platformUrl(), n, rl(), { iat: old, expiresIn: 60 }))).toMatch(
      /expired/,
    );
  });

  it("refuses a nonce from another login", async () => {
    expect(await refusedWith((_n) => signIdToken(platformUrl(), "made-up-nonce", rl()))).toMatch(/nonce/);
  });

  it("refuses an unknown deployment", async () => {
    const claims = { ...rl(), [`${LTI}deployment_id`]: "deployment-9" };
    expect(await refusedWith((n) => signIdToken(platformUrl(), n, claims))).toMatch(/deployment/);
  });

  it("refuses a message type it does not handle, and a wrong version", async () => {
    const submission = { ...rl(), [`${LTI}message_type`]: "LtiSubmissionReviewRequest" };
    expect(await refusedWith((n) => signIdToken(platformUrl(), n, submission), 400)).toMatch(/message_type/);
    const v11 = { ...rl(), [`${LTI}version`]: "1.1" };
    expect(await refusedWith((n) => signIdToken(platformUrl(), n, v11), 400)).toMatch(/version/);
  });

  it("spends a nonce once: the same launch replayed is refused", async () => {
    const { state, nonce } = await login("teacher-1");
    const token = await signIdToken(
      platformUrl(),
      nonce,
      deepLinkingClaims(grace, `${platformUrl()}/deep-link-return`),
    );
    expect((await postLaunch(token, state)).status).toBe(303);
    const again = await postLaunch(token, state);
    expect(again.status).toBe(401);
    expect((again.json as any).error.message).toMatch(/already used/);
  });

  it("spends a handoff code once", async () => {
    const first = await launch("teacher-1", deepLinkingClaims(grace, `${platformUrl()}/deep-link-return`));
    const again = await send("/lti/exchange", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: first.code }),
    });
    expect(again.status).toBe(401);
  });

  it("refuses Deep Linking to a student", async () => {
    const { state, nonce } = await login("student-1");
    const r = await postLaunch(
      await signIdToken(platformUrl(), nonce, deepLinkingClaims(ada, `${platformUrl()}/x`)),
      state,
    );
    expect(r.status).toBe(403);
  });
});

describe("Deep Linking, a launched student's homework, AGS and NRPS", () => {
  it("a teacher places a quiz as homework; a student plays it under their LMS name; the score reaches the gradebook, through a refusal", async () => {
    await control("reset");
    // The teacher: Deep Linking from the course, then the pick answered as a signed LtiDeepLinkingResponse.
    const t = await launch("teacher-1", deepLinkingClaims(grace, `${platformUrl()}/deep-link-return`));
    expect(t.session.user).toMatchObject({ role: "teacher", name: "Grace Hopper" });
    expect(t.handoff.next).toBe("/lti/pick");
    const quizId = await makeQuiz(t.session.user.id, ASSIGNMENT_QUESTIONS);
    const pick = await send("/api/lti/deep-link", {
      method: "POST",
      headers: { authorization: `Bearer ${t.session.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        context: t.handoff.deepLink,
        kind: "assignment",
        quizId,
        settings: { deadline: Date.now() + 86400_000 },
      }),
    });
    expect(pick.status, pick.text).toBe(200);
    const { returnUrl, jwt, code } = pick.json as { returnUrl: string; jwt: string; code: string };
    expect(returnUrl).toBe(`${platformUrl()}/deep-link-return`);
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(toolPublicJwks()), {
      issuer: CLIENT_ID,
      audience: platformUrl(),
    });
    expect(protectedHeader.kid).toBe("qq-tool-2026-12");
    expect(payload[`${LTI}message_type`]).toBe("LtiDeepLinkingResponse");
    expect(payload[`${LTI}deployment_id`]).toBe("deployment-1");
    expect(payload[`${DL}data`]).toBe("opaque-platform-data");
    const [item] = payload[`${DL}content_items`] as any[];
    expect(item).toMatchObject({ type: "ltiResourceLink", lineItem: { scoreMaximum: 3 } });
    const gameId = item.custom.qq_game as string;
    expect(item.custom.qq_code).toBe(code);

    // Another teacher cannot answer this teacher's request.
    const other = await makeUser("teacher");
    const stolen = await send("/api/lti/deep-link", {
      method: "POST",
      headers: { authorization: `Bearer ${other.token}`, "content-type": "application/json" },
      body: JSON.stringify({ context: t.handoff.deepLink, kind: "live", quizId }),
    });
    expect(stolen.status).toBe(403);

    // The student: launched into the placed link, seated under their LMS name, no nickname typed.
    const s = await launch("student-1", rl(item.custom));
    expect(s.session.user).toMatchObject({ role: "student", name: "Ada Lovelace" });
    expect(s.handoff.next).toBe(`/${code}`);
    const seat = s.handoff.assignment as { code: string; token: string };
    const first = await playOk(code, seat.token);
    expect(first.me.nickname).toBe("Ada Lovelace");
    // Two right, one wrong: scoreGiven 2 of 3.
    for (const [q, choice] of [
      [0, 1],
      [1, 2],
      [2, 1],
    ] as const) {
      const r = await answer(code, seat.token, q, { choice });
      expect(r.status, r.text).toBe(200);
      await playOk(code, seat.token);
    }

    const db = openDb(env.DB);
    const queued = await eventually(async () =>
      db.select().from(ltiScoreOutbox).where(eq(ltiScoreOutbox.gameId, gameId)).get(),
    );
    expect(queued).toMatchObject({ scoreGiven: 2, scoreMaximum: 3, state: "pending" });

    // The platform is down: the score waits, marked failed with a retry time.
    await fetch(`${platformUrl()}/control/refuse-scores?n=1`);
    expect(await flushScores(env, db)).toEqual({ sent: 0, failed: 1 });
    const waiting = await db.select().from(ltiScoreOutbox).where(eq(ltiScoreOutbox.gameId, gameId)).get();
    expect(waiting).toMatchObject({ state: "failed", tries: 1 });
    expect(waiting!.lastError).toMatch(/503/);
    expect(waiting!.nextTryAt).toBeGreaterThan(Date.now());
    // Not due yet: nothing sent.
    expect(await flushScores(env, db)).toEqual({ sent: 0, failed: 0 });
    // Later (the cron), the platform is back: accepted.
    expect(await flushScores(env, db, waiting!.nextTryAt)).toEqual({ sent: 1, failed: 0 });
    const { scores } = await control("scores");
    expect(scores).toHaveLength(1);
    expect(scores[0]).toMatchObject({
      lineItem: "1",
      userId: "student-1",
      scoreGiven: 2,
      scoreMaximum: 3,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
    });

    // The teacher sees each score's sync state.
    const teacherLaunch = await launch("teacher-1", resourceLinkClaims(platformUrl(), grace, item.custom));
    expect(teacherLaunch.handoff.next).toBe(`/assignments/${code}`);
    const sync = await send(`/api/lti/games/${gameId}/scores`, {
      headers: { authorization: `Bearer ${teacherLaunch.session.token}` },
    });
    expect(sync.status).toBe(200);
    expect((sync.json as any).scores).toEqual([
      expect.objectContaining({ userId: s.session.user.id, scoreGiven: 2, state: "sent", tries: 1 }),
    ]);
    expect((await send(`/api/lti/games/${gameId}/scores`, { headers: other.headers })).status).toBe(404);

    // NRPS: the course roster as QuickQuiz students, the launched student linked to the same user.
    const roster = await send(`/api/lti/games/${gameId}/roster`, {
      method: "POST",
      headers: { authorization: `Bearer ${teacherLaunch.session.token}` },
    });
    expect(roster.status, roster.text).toBe(200);
    const students = (roster.json as any).students as { userId: string; name: string; sub: string }[];
    expect(students.map((x) => x.name).sort()).toEqual(["Ada Lovelace", "Alan Turing"]);
    expect(students.find((x) => x.sub === "student-1")!.userId).toBe(s.session.user.id);
    // The roster fills the teacher's Students page: Ada played (linked to her launch), Alan has not yet.
    const page = await send("/api/students", { headers: { authorization: `Bearer ${teacherLaunch.session.token}` } });
    expect(page.status, page.text).toBe(200);
    const listed = (page.json as any).items as {
      userId: string;
      name: string;
      games: number;
      lastPlayedAt: number | null;
    }[];
    const alan = students.find((x) => x.name === "Alan Turing")!;
    expect(listed.find((x) => x.userId === alan.userId)).toMatchObject({
      name: "Alan Turing",
      games: 0,
      lastPlayedAt: null,
    });
    expect(listed.filter((x) => x.userId === s.session.user.id)).toHaveLength(1);

    // A second launch of the same student finds the same seat and account.
    const again = await launch("student-1", rl(item.custom));
    expect(again.session.user.id).toBe(s.session.user.id);
    expect(decodeJwt(again.handoff.assignment.token).playerId).toBe(decodeJwt(seat.token).playerId);
  });
});

describe("a later attempt that counts", () => {
  it("queues the better score again and the gradebook gets it; a worse one sends nothing", async () => {
    await control("reset");
    const t = await launch("teacher-1", deepLinkingClaims(grace, `${platformUrl()}/deep-link-return`));
    const quizId = await makeQuiz(t.session.user.id, ASSIGNMENT_QUESTIONS);
    const pick = await send("/api/lti/deep-link", {
      method: "POST",
      headers: { authorization: `Bearer ${t.session.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        context: t.handoff.deepLink,
        kind: "assignment",
        quizId,
        settings: { deadline: Date.now() + 86400_000, attempts: 3, counted: "best", showAnswers: "deadline" },
      }),
    });
    expect(pick.status, pick.text).toBe(200);
    const { jwt, code } = pick.json as { jwt: string; code: string };
    const [item] = decodeJwt(jwt)[`${DL}content_items`] as { custom: Record<string, string> }[];
    const s = await launch("student-2", {
      ...resourceLinkClaims(platformUrl(), { ...ada, sub: "student-2", name: "Alan Turing" }, item.custom),
    });
    const token = s.handoff.assignment.token as string;
    const db = openDb(env.DB);
    const row = () => db.select().from(ltiScoreOutbox).where(eq(ltiScoreOutbox.gameId, item.custom.qq_game)).get();
    const playAttempt = async (choices: number[]) => {
      for (const [q, choice] of choices.entries()) {
        const r = await answer(code, token, q, { choice });
        expect(r.status, r.text).toBe(200);
        await playOk(code, token);
      }
    };
    await playAttempt([1, 0, 1]); // 1 of 3
    await eventually(async () => ((await row())?.scoreGiven === 1 ? true : null));
    expect(await flushScores(env, db)).toEqual({ sent: 1, failed: 0 });

    const retry = () =>
      send(`/api/assignments/${code}/retry`, { method: "POST", headers: { authorization: `Player ${token}` } });
    expect((await retry()).status).toBe(200);
    await playOk(code, token);
    await playAttempt([1, 2, 0]); // 3 of 3: counts now
    await eventually(async () => ((await row())?.scoreGiven === 3 ? true : null));
    expect(await row()).toMatchObject({ state: "pending", tries: 0 });
    // The student's own page asks for it at once (no cron wait): only their own rows are sent.
    const mine = (bearer: string) =>
      send("/api/lti/scores/mine", { method: "POST", headers: { authorization: `Bearer ${bearer}` } });
    const others = await mine(t.session.token);
    expect(others.status, others.text).toBe(200);
    expect(others.json).toEqual({ sent: 0, failed: 0 });
    const nudged = await mine(s.session.token);
    expect(nudged.status, nudged.text).toBe(200);
    expect(nudged.json).toEqual({ sent: 1, failed: 0 });
    expect(await row()).toMatchObject({ state: "sent", scoreGiven: 3 });
    expect((await send("/api/lti/scores/mine", { method: "POST" })).status).toBe(401);

    expect((await retry()).status).toBe(200);
    await playOk(code, token);
    await playAttempt([0, 0, 1]); // 0 of 3: "best" still counts the 3
    // The finished attempt's write has happened once the history lists it; nothing new is due.
    await new Promise((r) => setTimeout(r, 300));
    expect(await row()).toMatchObject({ state: "sent", scoreGiven: 3 });
    expect(await flushScores(env, db)).toEqual({ sent: 0, failed: 0 });

    const { scores } = await control("scores");
    expect(scores.map((x: { scoreGiven: number; userId: string }) => [x.userId, x.scoreGiven])).toEqual([
      ["student-2", 1],
      ["student-2", 3],
    ]);
  });
});
