// The browser's localStorage (and, for what one tab keeps, sessionStorage) behind try/catch:
// Safari's private mode, a full quota or storage the user turned off throw (even reading
// `localStorage` can), and a game must go on without it. The one door to both.

type Area = "local" | "session";
const area = (a: Area): Storage => (a === "session" ? sessionStorage : localStorage);

export function readItem(key: string, where: Area = "local"): string | null {
  try {
    return area(where).getItem(key);
  } catch {
    return null;
  }
}

export function writeItem(key: string, value: string, where: Area = "local"): void {
  try {
    area(where).setItem(key, value);
  } catch {
    /* not kept: this page works on, the next one starts afresh */
  }
}

export function removeItem(key: string, where: Area = "local"): void {
  try {
    area(where).removeItem(key);
  } catch {
    /* nothing kept, nothing to remove */
  }
}

/** A stored JSON value, or `fallback` when it is missing, unreadable or not JSON. */
export function readJson<T>(key: string, fallback: T): T {
  const raw = readItem(key);
  if (raw === null) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

export const writeJson = (key: string, value: unknown): void => writeItem(key, JSON.stringify(value));
