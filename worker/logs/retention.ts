import type { Env } from "../env";

/** Deletes expired events (the cron trigger). */
export async function runRetention(_env: Env, _now: number): Promise<void> {}
