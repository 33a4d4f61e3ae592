// The app's entry: the player's screens are here; the teacher's pages load on demand (import()).
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "./style.css";
import { codeFromPath } from "./code";
import { useLang } from "./i18n";
import { Join } from "./player/join";
import { Landing } from "./player/landing";
import { Play } from "./player/play";
import { dropSeat, loadSeat, saveSeat, type Seat } from "./player/seat";
import { logEvent } from "./log";
import { navigate, onLinkClick, useLocation } from "./router";
import { Spinner } from "./ui";

function PlayerGame({ code }: { code: string }) {
  const [seat, setSeat] = useState<Seat | null>(() => loadSeat(code));
  if (seat)
    return (
      <Play
        code={code}
        seat={seat}
        onLost={() => {
          dropSeat(code);
          setSeat(null);
        }}
      />
    );
  return (
    <Join
      code={code}
      onJoined={(s) => {
        saveSeat(code, s);
        setSeat(s);
      }}
    />
  );
}

type TeacherModule = typeof import("./teacher/app");
let teacher: Promise<TeacherModule> | undefined;

function TeacherRoute() {
  const [mod, setMod] = useState<TeacherModule | null>(null);
  useEffect(() => {
    (teacher ??= import("./teacher/app")).then(setMod);
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
