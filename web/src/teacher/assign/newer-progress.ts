// Which progress view the teacher's page keeps. Views arrive two ways: pushed over the socket, and
// as the answer of a poll (while the socket is down) or of an action (close, deadline, remove). A
// poll that was in flight while the socket opened, or an answer that came back slowly, carries a
// view built before the last push; put on screen, it would stay there until the next change.
import type { ProgressView } from "../../../../schema/assignment.ts";

/** A state updater: the view built last (by the assignment's clock, `now`) wins. */
export const newer =
  (v: ProgressView) =>
  (prev: ProgressView | null): ProgressView =>
    prev && prev.code === v.code && prev.now > v.now ? prev : v;
