// The app's entry: the player's screens are here; the teacher's pages load on demand (import()).
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "./style.css";
import { codeFromPath } from "./code.ts";
import { useLang } from "./i18n.ts";
import { AssignmentPlay, type AssignmentInfo, assignmentToken } from "./player/assignment.tsx";
import { Join, type Attempt } from "./player/join.tsx";
import { Landing } from "./player/landing.tsx";
import { Play } from "./player/play.tsx";
import { dropSeat, loadSeat, type Seat } from "./player/seat.ts";
import { logEvent } from "./log.ts";
import { navigate, onLinkClick, useLocation } from "./router.ts";
import { Spinner } from "./shared/ui.tsx";

/** A kept seat to play with, a join under way (Play takes the seat and saves it), or the form. */
type Stage =
  | { k: "seat"; seat: Seat }
  | { k: "joining"; a: Attempt }
  | { k: "form"; last?: Attempt }
  | { k: "assignment"; info: AssignmentInfo | null };

function PlayerGame({ code }: { code: string }) {
  const [stage, setStage] = useState<Stage>(() => {
    const seat = loadSeat(code);
    if (seat) return { k: "seat", seat };
    return assignmentToken(code) ? { k: "assignment", info: null } : { k: "form" };
  });
  if (stage.k === "assignment") return <AssignmentPlay code={code} info={stage.info} />;
  if (stage.k === "form")
    return (
      <Join
        code={code}
        last={stage.last}
        onJoin={(a) => setStage({ k: "joining", a })}
        onAssignment={(info) => setStage({ k: "assignment", info })}
      />
    );
  const a = stage.k === "joining" ? stage.a : undefined;
  return (
    <Play
      code={code}
      seat={stage.k === "seat" ? stage.seat : null}
      nickname={a?.room.nicknames === "generated" ? undefined : a?.nickname}
      studentId={a?.studentId || undefined}
      onLost={() => {
        dropSeat(code);
        setStage({ k: "form" });
      }}
      onRefused={(error) => setStage({ k: "form", last: { ...a!, error } })}
    />
  );
}

type TeacherModule = typeof import("./teacher/shell/app.tsx");
let teacher: Promise<TeacherModule> | undefined;

function TeacherRoute() {
  const [mod, setMod] = useState<TeacherModule | null>(null);
  useEffect(() => {
    (teacher ??= import("./teacher/shell/app.tsx")).then(setMod);
  }, []);
  return mod ? <mod.TeacherApp /> : <Spinner />;
}

function App() {
  useLang();
  const { path } = useLocation();
  const code = codeFromPath(path);
  useEffect(() => {
    if (path === "/" || code) document.title = code ? `${code} · QuickQuiz` : "QuickQuiz";
  }, [path]);
  if (path === "/") return <Landing />;
  if (code) {
    if (path !== "/" + code) navigate("/" + code, true);
    return <PlayerGame key={code} code={code} />;
  }
  return <TeacherRoute />;
}

document.addEventListener("click", onLinkClick);
logEvent({ type: "client.page_view", path: location.pathname });
render(<App />, document.getElementById("app")!);
