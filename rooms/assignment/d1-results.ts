// The homework room's writes to D1: each finished attempt as it happens (so a student's history
// lists the homework before the close), and every result at the close, retried from the alarm with
// the rooms' one backoff (kit/d1-sync.ts). Kept apart from the object, which only wires them.
import { drizzle } from "drizzle-orm/d1";
import type { D1Sync } from "../kit/d1-sync.ts";
import { reopenGameRow } from "../kit/games-row.ts";
import { afterResultsWrite, writeAssignmentResults, writeParticipantResult } from "./results.ts";
import * as rules from "./rules.ts";
import type { AssignmentStore } from "./store.ts";
import type { AssignmentState } from "./types.ts";

export interface AssignmentD1Deps {
  ctx: DurableObjectState;
  db: D1Database;
  store: AssignmentStore;
  d1: D1Sync;
  /** The next alarm for this state (the deadline, a retry, or the end of retention). */
  scheduleAlarm(st: AssignmentState): void;
  /** The outbox's queue committed (or the failure logged) after the results' state changed. */
  flushOrLog(): void;
}

export class AssignmentD1Writes {
  /** Finished attempts on their way to D1 (finished()); the close's write waits for them. */
  private finishedWrites: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AssignmentD1Deps) {}

  /** Writes the results of the close to D1 once; a failure is retried by the alarm with backoff. */
  flush(): Promise<void> {
    const { store, d1, ctx, db } = this.deps;
    return d1.flushResults(
      // After any finished attempt still being written: the close's rows are the last word.
      (conn) =>
        this.finishedWrites.then(() =>
          writeAssignmentResults(conn, {
            config: store.config()!,
            state: store.state()!,
            participants: [...store.participants().values()],
            answers: store.allAnswers(),
            teams: store.teams(),
          }),
        ),
      (ok) => {
        const st = store.state();
        const cfg = store.config();
        if (!st || !cfg) return;
        const next = afterResultsWrite(st, cfg, ok, Date.now());
        store.saveState(next);
        this.deps.scheduleAlarm(next);
        this.deps.flushOrLog();
        // Reopened while these results were being written: their batch marked the row ended.
        if (ok && next.closedAt === null)
          ctx.waitUntil(
            reopenGameRow(drizzle(db), cfg.gameId, next.deadline).catch((e) =>
              console.error("reopening the assignment's row failed", e),
            ),
          );
      },
    );
  }

  /**
   * A student finished an attempt: their row and answers go to D1 now (showAnswers decides what
   * their history shows). One at a time, after any results write; skipped once closed (the close's
   * write has everyone). A failure is only logged: the close writes every row again.
   */
  finished(pid: string): void {
    const { store, d1, ctx, db } = this.deps;
    const write = async () => {
      await d1.resultsPending();
      const cfg = store.config();
      const st = store.state();
      const p = store.participants().get(pid);
      if (!cfg || !st || !p || st.closedAt !== null || st.resultsPending) return;
      const participants = [...store.participants().values()];
      const answers = store.answersOf(pid, rules.countedAttempt(cfg.settings, p).attempt);
      await writeParticipantResult(db, { config: cfg, state: st, participants, answers, teams: store.teams() }, pid);
    };
    this.finishedWrites = this.finishedWrites
      .then(write)
      .catch((e) => console.error("writing a finished attempt to D1 failed", e));
    ctx.waitUntil(this.finishedWrites);
  }
}
