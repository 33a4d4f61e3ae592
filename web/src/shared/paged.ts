// A list the API pages with cursors: the first page whenever the query changes (a moment after
// the user stops typing), more on demand. The admin tables and the quiz catalog read their lists so.
import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../api.ts";

export function usePaged<T>(path: string, query: Record<string, string>) {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState("");
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== "")).toString();
  const load = async (cursor?: string) => {
    try {
      const p = new URLSearchParams(qs);
      if (cursor) p.set("cursor", cursor);
      const page = await api<{ items: T[]; nextCursor: string | null }>(`${path}?${p}`);
      setItems((old) => (cursor && old ? [...old, ...page.items] : page.items));
      setNext(page.nextCursor);
      setError("");
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  useEffect(() => {
    const id = setTimeout(() => void load(), 250);
    return () => clearTimeout(id);
  }, [qs]);
  return { items, next, error, setError, more: () => next && load(next), reload: () => load() };
}
