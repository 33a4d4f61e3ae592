// Client events for the log service: batched, fire-and-forget, never in the UI's way.
import type { ClientEvent } from "../../schema/events.ts";

const queue: ClientEvent[] = [];
let _timer: ReturnType<typeof setTimeout> | undefined;

function flush(): void {
  _timer = undefined;
  if (!queue.length) return;
  const body = JSON.stringify({ events: queue.splice(0, 50) });
  try {
    // keepalive lets the last batch leave while the page unloads.
    fetch("/api/logs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      keepalive: true,
    }).catch(() => {});
  } catch {
    /* logging must never break the page */
  }
  if (queue.length) _timer = setTimeout(flush, 2000);
}

export function logEvent(e: ClientEvent): void {
  if (queue.length >= 200) return;
  queue.push({ path: location.pathname.slice(0, 500), ts: Date.now(), ...e, message: e.message?.slice(0, 900) });
  _timer ??= setTimeout(flush, 3000);
}

addEventListener("error", (e: ErrorEvent) => logEvent({ type: "client.error", message: String(e.message) }));
addEventListener("unhandledrejection", (e: PromiseRejectionEvent) =>
  logEvent({ type: "client.error", message: String(e.reason) }),
);
addEventListener("pagehide", flush);
