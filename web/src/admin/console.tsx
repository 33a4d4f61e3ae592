// The admin's console (its own chunk): users, every quiz, every game, and the event log, one tab each.
import { GamesTab } from "./games.tsx";
import { LogViewer } from "./logs.tsx";
import { LtiTab } from "./lti.tsx";
import { QuizzesTab } from "./quizzes.tsx";
import { UsersTab } from "./users.tsx";
import { SignInTab } from "./sign-in.tsx";
import type { KeyOf } from "../i18n.ts";
import { ta } from "./strings.ts";

export { LogViewer };

const TABS: { path: string; key: KeyOf<typeof ta> }[] = [
  { path: "/admin/users", key: "adm.users" },
  { path: "/admin/quizzes", key: "adm.quizzes" },
  { path: "/admin/games", key: "adm.games" },
  { path: "/admin/logs", key: "adm.log" },
  { path: "/admin/sign-in", key: "adm.signIn" },
  { path: "/admin/lti", key: "lti.tab" },
];

export function AdminConsole({ path }: { path: string }) {
  const tab = TABS.find((t) => path.startsWith(t.path)) ?? TABS[0];
  return (
    <section class="stack">
      <h1>{ta("adm.title")}</h1>
      <nav class="tabs" aria-label={ta("adm.tabs")}>
        {TABS.map((t) => (
          <a key={t.path} href={t.path} class={t === tab ? "on" : ""} aria-current={t === tab ? "page" : undefined}>
            {ta(t.key)}
          </a>
        ))}
      </nav>
      {tab.key === "adm.users" ? (
        <UsersTab />
      ) : tab.key === "adm.quizzes" ? (
        <QuizzesTab />
      ) : tab.key === "adm.games" ? (
        <GamesTab />
      ) : tab.key === "adm.signIn" ? (
        <SignInTab />
      ) : tab.key === "lti.tab" ? (
        <LtiTab />
      ) : (
        <LogViewer />
      )}
    </section>
  );
}
