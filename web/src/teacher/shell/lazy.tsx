// Pages in chunks of their own (the student's, the admin's, the account's), loaded on first use.
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Spinner } from "../../shared/ui.tsx";

export function Lazy<M>({ load, render }: { load: () => Promise<M>; render: (mod: M) => VNode }) {
  const [mod, setMod] = useState<M | null>(null);
  useEffect(() => {
    let live = true;
    load().then((m) => live && setMod(() => m));
    return () => void (live = false);
  }, [load]);
  return mod ? render(mod) : <Spinner />;
}

export const studentPages = () => import("../../student/pages.tsx");
export const adminPages = () => import("../../admin/console.tsx");
export const accountPages = () => import("../../account/pages.tsx");
