// JSON over fetch with the API's one error shape turned into an exception the screens can show.
export interface Issue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

interface Options {
  method?: string;
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  raw?: { text: string | Blob; type: string };
  /** Extra headers (an assignment's `Authorization: Player …`). */
  headers?: Record<string, string>;
}

let onUnauthorized: (() => void) | undefined;
/** The teacher's pages send an expired session back to the login page from here. */
export const setUnauthorizedHandler = (f: () => void) => (onUnauthorized = f);

export async function api<T>(path: string, { method, body, raw, headers }: Options = {}): Promise<T> {
  const init: RequestInit = { method: method ?? (body !== undefined || raw ? "POST" : "GET"), headers: { ...headers } };
  if (raw) {
    init.body = raw.text;
    (init.headers as Record<string, string>)["content-type"] = raw.type;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, "network", "network");
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; issues?: Issue[] };
  } | null;
  if (!res.ok) {
    if (res.status === 401) onUnauthorized?.();
    const e = data?.error;
    throw new ApiError(res.status, e?.code ?? "http_" + res.status, e?.message ?? res.statusText, e?.issues ?? []);
  }
  return data as T;
}

/** ws(s):// URL for a path the API hands out (it may already be absolute). */
export function wsUrl(path: string): string {
  const u = new URL(path, location.href);
  if (u.protocol === "http:") u.protocol = "ws:";
  else if (u.protocol === "https:") u.protocol = "wss:";
  return u.href;
}
