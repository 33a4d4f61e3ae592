// The teacher's homework page keeps the newest progress view, whichever way it came
// (web/src/teacher/assign/newer-progress.ts).
import { describe, expect, it } from "vitest";
import type { ProgressView } from "../../schema/assignment.ts";
import { newer } from "../../web/src/teacher/assign/newer-progress.ts";

const view = (now: number, nicknames: string[], code = "HW1234"): ProgressView =>
  ({
    code,
    gameId: "g1",
    title: "Fractions",
    status: "open",
    opensAt: 0,
    deadline: 10_000_000,
    questionCount: 2,
    now,
    participants: nicknames.map((nickname, i) => ({
      participantId: `p${i}`,
      nickname,
      studentId: null,
      state: "started",
      attempt: 1,
      position: 0,
    })),
  }) as unknown as ProgressView;

describe("newer progress", () => {
  it("a poll answered after a push, built before it, does not put the older view back", () => {
    const pushed = view(2_000, ["Ann"]);
    const slowPoll = view(1_000, []);
    expect(newer(slowPoll)(pushed)).toBe(pushed);
  });
  it("a later view replaces the shown one, and the first view is always taken", () => {
    const shown = view(1_000, []);
    const later = view(1_500, ["Ann"]);
    expect(newer(later)(shown)).toBe(later);
    expect(newer(shown)(null)).toBe(shown);
    // Built in the same millisecond: the one that arrived last.
    const same = view(1_500, ["Ann", "Ben"]);
    expect(newer(same)(later)).toBe(same);
  });
  it("another assignment's view is never held back by this one's clock", () => {
    const other = view(10, [], "HW9999");
    expect(newer(other)(view(5_000, ["Ann"]))).toBe(other);
  });
});
