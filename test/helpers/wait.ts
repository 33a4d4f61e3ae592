// Logs are written after the response (waitUntil): poll D1 for them instead of sleeping a fixed time.
export async function eventually<T>(read: () => Promise<T | null | undefined>, attempts = 100): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await read();
    if (value !== null && value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not met");
}
