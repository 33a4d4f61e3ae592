// The assignment's pure rules: time on the server's clock (from the moment a question was sent,
// whatever the client says or does not say), untimed play, attempts counted best or last, when right answers are visible, the deadline.
import { describe, expect, it } from "vitest";
import { assignmentSettings, type AssignmentSettingsInput, MAX_ASSIGNMENT_MS } from "../../schema/assignment.ts";
import { question, type QuestionInput } from "../../schema/quiz.ts";
import * as rules from "../../rooms/assignment/rules.ts";
import type { AssignmentConfig, AssignmentState, Participant } from "../../rooms/assignment/types.ts";

const T0 = 1_800_000_000_000;
const single = (text: string, correct = 1): QuestionInput => ({
  type: "single",
  text,
  options: ["a", "b", "c"],
  correct,
  timeLimit: 20,
});

function config(s: Partial<AssignmentSettingsInput> = {}, n = 3): AssignmentConfig {
  const questions = Array.from({ length: n }, (_, i) => question.parse(single(`Q${i}`)));
  return {
    gameId: "g",
    code: "ABCDEF",
    hostId: "t",
    quizId: null,
    title: "Quiz",
    settings: assignmentSettings.parse({ deadline: T0 + 3600_000, opensAt: T0, ...s }),
    questions,
    order: questions.map((_, i) => i),
    display: questions.map(() => [0, 1, 2]),
    ids: questions.map(() => [0, 1, 2]),
    createdAt: T0,
  };
}

const state = (over: Partial<AssignmentState> = {}): AssignmentState => ({
  opensAt: T0,
  deadline: T0 + 3600_000,
  closedAt: null,
  resultsPending: false,
  resultsAttempts: 0,
  resultsRetryAt: null,
  ...over,
});

const fresh = (): Participant => rules.newParticipant("p1", { nickname: "Ann", skeleton: "ann" }, null, null, T0);

function answerAt(cfg: AssignmentConfig, p: Participant, choice: number, at: number) {
  const out = rules.answer(cfg, p, p.position, { choice }, at);
  if (!out.ok) throw new Error(out.message);
  return out;
}

describe("status and deadline", () => {
  it("is scheduled before opening, open until the deadline, closed at it or when closed early", () => {
    const s = state({ opensAt: T0 + 1000 });
    expect(rules.status(s, T0)).toBe("scheduled");
    expect(rules.status(s, T0 + 1000)).toBe("open");
    expect(rules.status(s, s.deadline - 1)).toBe("open");
    expect(rules.status(s, s.deadline)).toBe("closed");
    expect(rules.status(rules.closed(s, T0 + 5000), T0 + 5000)).toBe("closed");
  });

  it("a new deadline must lie ahead; it reopens a closed assignment", () => {
    const closed = rules.closed(state(), T0 + 10);
    expect(rules.withDeadline(closed, T0 + 5, T0 + 10)).toBeNull();
    const reopened = rules.withDeadline(closed, T0 + 7200_000, T0 + 10)!;
    expect(reopened.closedAt).toBeNull();
    expect(rules.status(reopened, T0 + 20)).toBe("open");
    // At most a term ahead, as when assigning: the object's storage is not kept for ever.
    expect(rules.withDeadline(closed, T0 + 10 + MAX_ASSIGNMENT_MS, T0 + 10)).not.toBeNull();
    expect(rules.withDeadline(closed, T0 + 11 + MAX_ASSIGNMENT_MS, T0 + 10)).toBeNull();
  });

  it("the one alarm: the deadline while open, a results retry, then the clean-up once D1 has them", () => {
    const open = state();
    expect(rules.nextWake(open)).toBe(open.deadline);
    const closed = rules.closed(open, T0 + 10);
    expect(closed.cleanupAt).toBeNull();
    // Results pending and no retry time yet: at once.
    expect(rules.nextWake(closed)).toBe(0);
    expect(rules.nextWake({ ...closed, resultsRetryAt: T0 + 4000 })).toBe(T0 + 4000);
    expect(rules.cleanupDue({ ...closed, cleanupAt: T0 }, T0 + 99)).toBe(false);
    const saved = rules.resultsSaved(closed, T0 + 100, 86_400_000);
    expect(saved).toMatchObject({ resultsPending: false, resultsRetryAt: null, cleanupAt: T0 + 100 + 86_400_000 });
    expect(rules.nextWake(saved)).toBe(saved.cleanupAt);
    expect(rules.cleanupDue(saved, saved.cleanupAt! - 1)).toBe(false);
    expect(rules.cleanupDue(saved, saved.cleanupAt!)).toBe(true);
    // A reopen before the clean-up cancels it; results saved while open set none; closing again starts over.
    const reopened = rules.withDeadline(saved, T0 + 7200_000, T0 + 200)!;
    expect(reopened.cleanupAt).toBeNull();
    expect(rules.nextWake(reopened)).toBe(T0 + 7200_000);
    expect(rules.cleanupDue(reopened, T0 + 10 * 86_400_000)).toBe(false);
    expect(rules.resultsSaved({ ...reopened, resultsPending: true }, T0 + 300, 1).cleanupAt).toBeNull();
    expect(rules.closed({ ...saved }, T0 + 400).cleanupAt).toBeNull();
    // A state stored before the clean-up existed has no cleanupAt: nothing is due.
    const { cleanupAt: _, ...old } = saved;
    expect(rules.nextWake(old)).toBeNull();
    expect(rules.cleanupDue(old, T0 + 10 * 86_400_000)).toBe(false);
  });
});

describe("time measured by the server", () => {
  it("the question's timer starts when it is first shown and runs on the server's clock", () => {
    const cfg = config({ timer: true });
    let p = rules.touch(cfg, fresh(), T0 + 500);
    expect(p.shownAt).toBe(T0 + 500);
    p = rules.touch(cfg, p, T0 + 4500);
    expect(p.usedMs).toBe(4000);
    expect(rules.questionFor(cfg, p)!.closesInMs).toBe(16_000);
    const out = answerAt(cfg, p, 1, T0 + 6500);
    expect(out.answer!.responseMs).toBe(6000);
  });

  it("the clock runs while the student is away: back the next day, that question timed out and the next starts", () => {
    const cfg = config({ timer: true });
    let p = rules.touch(cfg, fresh(), T0);
    p = rules.touch(cfg, p, T0 + 3000);
    // Back the next day.
    p = rules.touch(cfg, p, T0 + 86_400_000);
    expect(p.position).toBe(1);
    expect(p.answeredCount).toBe(0);
    expect(p.shownAt).toBe(T0 + 86_400_000);
    expect(rules.questionFor(cfg, p)!.closesInMs).toBe(20_000);
  });

  it("with a timer, a question whose time ran out is left unanswered and the streak is lost", () => {
    const cfg = config({ timer: true });
    let p = rules.touch(cfg, fresh(), T0);
    p = answerAt(cfg, p, 1, T0 + 1000).participant;
    p = rules.touch(cfg, p, T0 + 1000);
    expect(p.streak).toBe(1);
    for (let t = 5000; t <= 25_000; t += 5000) p = rules.touch(cfg, p, T0 + 1000 + t);
    expect(p.position).toBe(2);
    expect(p.streak).toBe(0);
    expect(p.answeredCount).toBe(1);
  });

  it("an answer that arrives after the limit is not accepted and moves on", () => {
    const cfg = config({ timer: true });
    let p = rules.touch(cfg, fresh(), T0);
    for (let t = 5000; t <= 15_000; t += 5000) p = rules.touch(cfg, p, T0 + t, false);
    const out = rules.answer(cfg, p, 0, { choice: 1 }, T0 + 21_000);
    expect(out.ok && out.result.accepted).toBe(false);
    expect(out.ok && out.answer).toBeNull();
    expect(out.ok && out.participant.position).toBe(1);
  });

  it("untimed: no limit, no speed factor, the full points for a right answer however long it took", () => {
    const cfg = config({ timer: false, speedPoints: true });
    let p = rules.touch(cfg, fresh(), T0);
    for (let t = 10_000; t <= 120_000; t += 10_000) p = rules.touch(cfg, p, T0 + t);
    expect(p.position).toBe(0);
    expect(rules.questionFor(cfg, p)!.timeLimit).toBe(0);
    const out = answerAt(cfg, p, 1, T0 + 125_000);
    expect(out.answer!.points).toBe(1000);
  });

  it("speed points: a faster right answer earns more; off: the same", () => {
    const fast = (speed: boolean, at: number) => {
      const cfg = config({ timer: true, speedPoints: speed });
      const p = rules.touch(cfg, fresh(), T0);
      return answerAt(cfg, rules.touch(cfg, p, T0 + at, false), 1, T0 + at).answer!.points;
    };
    expect(fast(true, 1000)).toBeGreaterThan(fast(true, 10_000));
    expect(fast(false, 1000)).toBe(fast(false, 10_000));
  });

  it("refuses an answer to another question than the shown one, and a malformed one", () => {
    const cfg = config();
    const p = rules.touch(cfg, fresh(), T0);
    expect(rules.answer(cfg, p, 1, { choice: 1 }, T0)).toMatchObject({ ok: false, code: "wrong-question" });
    expect(rules.answer(cfg, p, 0, { choice: 9 }, T0)).toMatchObject({ ok: false, code: "bad-answer" });
    expect(rules.answer(cfg, fresh(), 0, { choice: 1 }, T0)).toMatchObject({ ok: false, code: "wrong-question" });
  });
});

describe("streaks, finishing, attempts", () => {
  function play(cfg: AssignmentConfig, p: Participant, choices: number[], at: number): Participant {
    for (const c of choices) {
      p = rules.touch(cfg, p, at);
      p = answerAt(cfg, p, c, at + 1000).participant;
      at += 2000;
    }
    return p;
  }

  it("streak bonuses, and the attempt finishes after the last question", () => {
    const cfg = config();
    const p = play(cfg, fresh(), [1, 1, 1], T0);
    expect(rules.isFinished(cfg, p)).toBe(true);
    expect(p.finishedAt).not.toBeNull();
    expect(p.score).toBe(1000 + 1100 + 1200);
    expect(rules.touch(cfg, p, T0 + 99_999).position).toBe(3);
  });

  it("one attempt by default; more when allowed, counted best or last", () => {
    expect(rules.retry(config(), play(config(), fresh(), [1, 1, 1], T0), T0)).toBeNull();
    for (const counted of ["best", "last"] as const) {
      const cfg = config({ attempts: 2, counted, showAnswers: "deadline" });
      const first = play(cfg, fresh(), [1, 1, 1], T0);
      expect(rules.retry(cfg, rules.touch(cfg, fresh(), T0), T0)).toBeNull();
      const second = play(cfg, rules.retry(cfg, first, T0 + 10_000)!, [0, 0, 1], T0 + 10_000);
      expect(second.attempt).toBe(2);
      expect(rules.retry(cfg, second, T0 + 20_000)).toBeNull();
      const c = rules.countedAttempt(cfg.settings, second);
      expect(c.attempt).toBe(counted === "best" ? 1 : 2);
      expect(c.score).toBe(counted === "best" ? 3300 : 1000);
    }
  });

  it("standings rank by the counted score, removed participants out", () => {
    const cfg = config();
    const a = play(cfg, fresh(), [1, 1, 1], T0);
    const b = play(cfg, { ...fresh(), id: "p2", joinedAt: T0 + 1 }, [1, 0, 1], T0);
    const c = { ...play(cfg, { ...fresh(), id: "p3" }, [1, 1, 1], T0), removed: true };
    expect(rules.ranked(cfg.settings, [b, a, c]).map((r) => [r.p.id, r.rank])).toEqual([
      ["p1", 1],
      ["p2", 2],
    ]);
  });
});

describe("when right answers are visible", () => {
  it.each([
    ["each", false, false, true],
    ["end", false, false, false],
    ["end", true, false, true],
    ["end", false, true, true],
    ["deadline", true, false, false],
    ["deadline", true, true, true],
    ["never", true, true, false],
  ] as const)("%s (finished %s, closed %s): %s", (show, finished, closed, visible) => {
    expect(rules.rightAnswersVisible(show, finished, closed)).toBe(visible);
  });

  it("the answer's acknowledgement carries the right answer only after each question", () => {
    for (const show of ["each", "end"] as const) {
      const cfg = config({ showAnswers: show });
      const out = answerAt(cfg, rules.touch(cfg, fresh(), T0), 0, T0 + 100);
      if (show === "each") expect(out.result).toMatchObject({ correct: false, points: 0, right: { choice: 1 } });
      else expect(out.result).not.toHaveProperty("right");
    }
  });
});
