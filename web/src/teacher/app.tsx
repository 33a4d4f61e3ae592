// The teacher's half of the app, loaded on demand: routes, the page frame and the login gate.
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import "./teacher.css";
import "./host.css";
import { useLang } from "../i18n";
import { navigate, useLocation } from "../router";
import { LangSwitch, Spinner } from "../shared/ui";
import { activeGame } from "./active-game";
import { AuthPage } from "./auth";
import { Catalog } from "./catalog";
import { Editor } from "./editor";
import { HostGame } from "./host";
import { LiveGames } from "./live-games";
import { Remote } from "./remote";
import { AssignmentPage } from "./assign";
import { Report, Reports } from "./reports";
import { logout, useUser } from "./session";
import { tt } from "./strings";

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, true), [to]);
  return <Spinner />;
}

function Shell({ children }: { children: ComponentChildren }) {
  const user = useUser();
  const live = activeGame();
  const { path } = useLocation();
  return (
    <div class="shell">
      <header class="nav">
        <a class="brand" href="/quizzes">
          QuickQuiz
        </a>
        <nav aria-label={tt("nav.label")}>
          <a href="/quizzes" aria-current={path.startsWith("/quizzes") ? "page" : undefined}>
            {tt("nav.quizzes")}
          </a>
          <a href="/reports" aria-current={path.startsWith("/reports") ? "page" : undefined}>
            {tt("nav.reports")}
          </a>
        </nav>
        <span class="grow" />
        <LangSwitch />
        {user && <span class="user muted">{user.name}</span>}
        <button
          type="button"
          class="link"
          onClick={async () => {
            await logout();
            navigate("/login");
          }}
        >
          {tt("nav.logout")}
        </button>
      </header>
      <LiveGames kept={live?.code ?? null} />
      <main class="page">{children}</main>
    </div>
  );
}

const TITLES: [RegExp, Parameters<typeof tt>[0]][] = [
  [/^\/(login)/, "auth.loginTitle"],
  [/^\/register/, "auth.registerTitle"],
  [/^\/quizzes\/./, "ed.edit"],
  [/^\/quizzes/, "nav.quizzes"],
  [/^\/reports/, "nav.reports"],
];

export function TeacherApp() {
  const lang = useLang();
  const { path, query } = useLocation();
  const user = useUser();
  useEffect(() => {
    const host = /^\/host\/(\w{6})/.exec(path);
    const key = TITLES.find(([re]) => re.test(path))?.[1];
    document.title = host ? `${host[1].toUpperCase()} · QuickQuiz` : key ? `${tt(key)} · QuickQuiz` : "QuickQuiz";
  }, [path, lang]);
  let m: RegExpExecArray | null;
  // The phone remote is not logged in: its token is in the URL's fragment.
  if ((m = /^\/host\/([0-9A-Za-z]{6})\/remote$/.exec(path))) return <Remote key={m[1]} code={m[1].toUpperCase()} />;
  if (path === "/login" || path === "/register")
    return <AuthPage register={path === "/register"} next={query.get("next")} />;
  if (user === undefined) return <Spinner />;
  if (!user) return <Redirect to={`/login?next=${encodeURIComponent(path + location.search)}`} />;
  if (user.role === "student")
    return (
      <Shell>
        <p>{tt("auth.studentInfo")}</p>
        <a class="button primary" href="/">
          {tt("auth.joinGame")}
        </a>
      </Shell>
    );
  if (path === "/quizzes" || path === "/quizzes/")
    return (
      <Shell>
        <Catalog />
      </Shell>
    );
  if ((m = /^\/quizzes\/([^/]+)$/.exec(path)))
    return (
      <Shell>
        <Editor key={m[1]} id={m[1] === "new" ? null : m[1]} />
      </Shell>
    );
  if ((m = /^\/host\/([0-9A-Za-z]{6})$/.exec(path))) return <HostGame key={m[1]} code={m[1].toUpperCase()} />;
  if ((m = /^\/assignments\/([0-9A-Za-z]{6})$/.exec(path)))
    return (
      <Shell>
        <AssignmentPage key={m[1]} code={m[1].toUpperCase()} />
      </Shell>
    );
  if (path === "/reports")
    return (
      <Shell>
        <Reports />
      </Shell>
    );
  if ((m = /^\/reports\/([^/]+)$/.exec(path)))
    return (
      <Shell>
        <Report key={m[1]} id={m[1]} />
      </Shell>
    );
  return (
    <Shell>
      <h1>{tt("notFound")}</h1>
      <a href="/quizzes">{tt("nav.quizzes")}</a>
    </Shell>
  );
}
