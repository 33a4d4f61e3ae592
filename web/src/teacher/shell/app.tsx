// The teacher's half of the app, loaded on demand: routes, the page frame and the login gate.
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import "./teacher.css";
import "./more.css";
import "../host/host.css";
import { useLang } from "../../i18n.ts";
import { navigate, useLocation } from "../../router.ts";
import { LangSwitch, Spinner } from "../../shared/ui.tsx";
import { activeGame } from "./active-game.ts";
import { AuthPage } from "./auth.tsx";
import { Catalog } from "./catalog.tsx";
import { Editor } from "../editor/editor.tsx";
import { HostGame } from "../host/host.tsx";
import { LiveGames } from "./live-games.tsx";
import { Remote } from "../host/remote.tsx";
import { AssignmentPage } from "../assign/assign.tsx";
import { Report, Reports } from "../reports/reports.tsx";
import { logout, useUser } from "../../app/session.ts";
import { accountPages, adminPages, Lazy, studentPages } from "./lazy.tsx";
import { Students, StudentView } from "../reports/students.tsx";
import { Combined } from "../reports/combined.tsx";
import { PlayerAnswers } from "../reports/player-answers.tsx";
import { at } from "../../app/strings.ts";
import { tt } from "../strings.ts";

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
          {user?.role === "student" ? (
            <a href="/me" aria-current={path.startsWith("/me") ? "page" : undefined}>
              {tt("nav.myResults")}
            </a>
          ) : (
            <>
              {user?.role === "admin" && (
                <a href="/admin" aria-current={path.startsWith("/admin") ? "page" : undefined}>
                  {tt("nav.admin")}
                </a>
              )}
              <a href="/quizzes" aria-current={path.startsWith("/quizzes") ? "page" : undefined}>
                {tt("nav.quizzes")}
              </a>
              <a href="/reports" aria-current={path.startsWith("/reports") ? "page" : undefined}>
                {tt("nav.reports")}
              </a>
              <a href="/students" aria-current={path.startsWith("/students") ? "page" : undefined}>
                {tt("nav.students")}
              </a>
            </>
          )}
        </nav>
        <span class="grow" />
        <LangSwitch />
        {user && (
          <a
            class="user"
            href="/account"
            aria-label={tt("nav.account", { name: user.name })}
            aria-current={path === "/account" ? "page" : undefined}
          >
            {user.name}
          </a>
        )}
        <button
          type="button"
          class="link"
          data-leave
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

// Each page's title, looked up in the table its key lives in.
const TITLES: [RegExp, () => string][] = [
  [/^\/(login)/, () => tt("auth.loginTitle")],
  [/^\/register/, () => tt("auth.registerTitle")],
  [/^\/quizzes\/./, () => at("ed.edit")],
  [/^\/quizzes/, () => tt("nav.quizzes")],
  [/^\/reports/, () => tt("nav.reports")],
  [/^\/students/, () => tt("stu.title")],
  [/^\/me/, () => at("me.title")],
  [/^\/account/, () => at("acc.title")],
  [/^\/reset/, () => at("reset.title")],
  [/^\/admin|^\/logs/, () => tt("nav.admin")],
];

export function TeacherApp() {
  const lang = useLang();
  const { path, query } = useLocation();
  const user = useUser();
  useEffect(() => {
    const host = /^\/host\/(\w{6})/.exec(path);
    const title = TITLES.find(([re]) => re.test(path))?.[1]();
    document.title = host ? `${host[1].toUpperCase()} · QuickQuiz` : title ? `${title} · QuickQuiz` : "QuickQuiz";
  }, [path, lang]);
  let m: RegExpExecArray | null;
  // The phone remote says itself what it needs (a sign-in as the game's teacher, a code in the fragment).
  if ((m = /^\/host\/([0-9A-Za-z]{6})\/remote$/.exec(path))) return <Remote key={m[1]} code={m[1].toUpperCase()} />;
  if (path === "/login" || path === "/register")
    return <AuthPage register={path === "/register"} next={query.get("next")} />;
  // A reset link is opened logged out.
  if (path === "/reset") return <Lazy load={accountPages} render={(a) => <a.ResetPage />} />;
  if (user === undefined) return <Spinner />;
  if (!user) return <Redirect to={`/login?next=${encodeURIComponent(path + location.search)}`} />;
  const page = (children: ComponentChildren) => <Shell>{children}</Shell>;
  if (path === "/account") return page(<Lazy load={accountPages} render={(a) => <a.AccountPage />} />);
  // Anyone's own history (a student's home).
  if (path === "/me") return page(<Lazy load={studentPages} render={(st) => <st.StudentHome />} />);
  if ((m = /^\/me\/games\/([^/]+)$/.exec(path))) {
    const id = m[1];
    return page(<Lazy load={studentPages} render={(st) => <st.MyGamePage key={id} id={id} />} />);
  }
  if (user.role === "student") return <Redirect to="/me" />;
  if (path === "/users") return <Redirect to="/admin/users" />;
  if (user.role === "admin" && path === "/logs") return <Redirect to="/admin/logs" />;
  // Teachers read the events of their own games and quizzes; admins all, in their console.
  if (path === "/logs") return page(<Lazy load={adminPages} render={(a) => <a.LogViewer />} />);
  if (user.role === "admin" && (path === "/admin" || path.startsWith("/admin/")))
    return page(<Lazy load={adminPages} render={(a) => <a.AdminConsole path={path} />} />);
  if (path === "/students") return page(<Students />);
  if (path === "/students/view")
    return page(<StudentView key={location.search} userId={query.get("userId")} studentId={query.get("studentId")} />);
  if (path === "/reports/combined") return page(<Combined key={location.search} ids={query.get("ids") ?? ""} />);
  if ((m = /^\/reports\/([^/]+)\/players\/([^/]+)$/.exec(path)))
    return page(<PlayerAnswers key={path} gameId={m[1]} playerId={m[2]} />);
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
