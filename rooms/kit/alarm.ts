// The object's one alarm, set only when its time changes. Alarms are at-least-once: a handler
// asks `isRepeat()` first and does nothing for a delivery whose work is already done.

/** Alarms are never set closer than this to now (an alarm set to now from inside alarm() can be dropped). */
const ALARM_LEAD_MS = 50;

export class AlarmClock {
  /** undefined: unknown (after a wake-up), so the next set always writes. */
  private at: number | null | undefined = undefined;

  constructor(private readonly storage: Pick<DurableObjectStorage, "getAlarm" | "setAlarm" | "deleteAlarm">) {}

  set(at: number | null): void {
    if (at !== null) at = Math.max(at, Date.now() + ALARM_LEAD_MS);
    if (at === this.at) return;
    this.at = at;
    if (at === null) void this.storage.deleteAlarm();
    else void this.storage.setAlarm(at);
  }

  /**
   * Called first thing in alarm(). While an alarm runs, getAlarm() is null until something sets
   * the next one: a later alarm already pending means this is a repeated delivery of one whose
   * work is done, and running the earliest item now would cut the next pause short. The pending
   * alarm does that work on time. Otherwise the alarm that woke us is spent.
   */
  async isRepeat(): Promise<boolean> {
    const pending = await this.storage.getAlarm();
    if (pending !== null && pending > Date.now()) return true;
    this.at = null;
    return false;
  }

  /** After the object deleted its storage (and its alarm with it). */
  async clear(): Promise<void> {
    await this.storage.deleteAlarm();
    this.at = null;
  }
}
