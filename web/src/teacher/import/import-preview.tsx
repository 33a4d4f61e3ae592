// The import dialog: the format (guessed, changeable), the title, the questions as they would be
// saved — formulas rendered — and every problem the server found, each naming its line or row.
import { useEffect, useRef, useState } from "preact/hooks";
import type { ImportFormat, ImportPreview, QuizletSide } from "../../../../schema/imports.ts";
import type { Question } from "../../../../schema/quiz.ts";
import { api, type ApiError } from "../../api.ts";
import { navigate } from "../../router.ts";
import { Rich } from "../../rich.tsx";
import { contentType, FILE_FORMATS, PASTE_FORMATS, previewUrl, saveUrl } from "./import-formats.ts";
import "./import.css";
import { at } from "../../app/strings.ts";
import { tt } from "../strings.ts";

export interface ImportJob {
  key: number;
  /** null: the teacher pastes text instead. */
  file: File | null;
  name: string;
  format: ImportFormat;
  title: string;
}

type MathTable = ImportPreview["math"];

/** An option's or answer's partial credit (when the question has weights) and feedback, as the file gave them. */
function Credit({ q, i }: { q: { weights?: number[]; feedback?: string[] }; i: number }) {
  const w = q.weights?.[i];
  const f = q.feedback?.[i];
  return (
    <>
      {w !== undefined && <span class="muted"> ({w} %)</span>}
      {f && <span class="muted"> — {f}</span>}
    </>
  );
}

function Answers({ q, math }: { q: Question; math: MathTable }) {
  const mark = (right: boolean) =>
    right ? (
      <span class="ok">
        <span aria-hidden="true"> ✔</span>
        <span class="sr"> ({tt("imp.correct")})</span>
      </span>
    ) : null;
  switch (q.type) {
    case "single":
    case "multi":
    case "poll":
      return (
        <ul class="import-opts">
          {q.options.map((o, i) => (
            <li key={i}>
              <Rich text={o} math={math} />
              {mark(q.type === "single" ? q.correct === i : q.type === "multi" ? q.correct.includes(i) : false)}
              {"weights" in q || "feedback" in q ? <Credit q={q} i={i} /> : null}
            </li>
          ))}
        </ul>
      );
    case "truefalse":
      return (
        <ul class="import-opts">
          <li>
            {at("ed.true")}
            {mark(q.correct)}
            <Credit q={{ feedback: q.feedback }} i={0} />
          </li>
          <li>
            {at("ed.false")}
            {mark(!q.correct)}
            <Credit q={{ feedback: q.feedback }} i={1} />
          </li>
        </ul>
      );
    case "order":
      return (
        <ol class="import-opts">
          {q.items.map((o, i) => (
            <li key={i}>
              <Rich text={o} math={math} />
            </li>
          ))}
        </ol>
      );
    case "text":
      return (
        <p class="muted">
          {tt("imp.accepted", {
            list: q.accepted
              .map((a, i) =>
                [a, q.weights ? ` (${q.weights[i]} %)` : "", q.feedback?.[i] ? ` — ${q.feedback[i]}` : ""].join(""),
              )
              .join(" · "),
          })}
        </p>
      );
    case "slider":
      return (
        <p class="muted">
          {[
            `${q.min} … ${q.max}: ${q.correct}${q.tolerance ? ` ± ${q.tolerance}` : ""}`,
            ...(q.ranges ?? []).map((r) => `${r.value}${r.tolerance ? ` ± ${r.tolerance}` : ""} (${r.weight} %)`),
          ].join(" · ")}
        </p>
      );
  }
}

function PreviewBody({ p }: { p: ImportPreview }) {
  return (
    <>
      <p role="status">{tt("imp.found", { n: p.found })}</p>
      {p.problems.length > 0 && (
        <div class="err import-err" role="alert">
          <p>{tt("imp.problems", { n: p.problems.length })}</p>
          <ul>
            {p.problems.slice(0, 50).map((i, n) => (
              <li key={n}>{i.message.startsWith(i.path) ? i.message : `${i.path}: ${i.message}`}</li>
            ))}
          </ul>
        </div>
      )}
      {p.skipped.length > 0 && (
        <div class="import-skipped">
          <p>{tt("imp.skipped")}</p>
          <ul>
            {p.skipped.map((i, n) => (
              <li key={n}>{i.message}</li>
            ))}
          </ul>
        </div>
      )}
      <ol class="import-list">
        {p.quiz.questions.map((q, i) => (
          <li key={i}>
            <span class="badge">{at(`type.${q.type}`)}</span> <Rich text={q.text} math={p.math} />
            <Answers q={q} math={p.math} />
          </li>
        ))}
      </ol>
    </>
  );
}

function ErrorBox({ e }: { e: ApiError }) {
  return (
    <div class="err import-err" role="alert">
      <p>
        {tt("imp.failed")}
        {e.issues.length ? ":" : `: ${e.code === "network" ? at("err.network") : e.message}`}
      </p>
      {e.issues.length > 0 && (
        <ul>
          {e.issues.slice(0, 50).map((i, n) => (
            <li key={n}>{i.message.startsWith(i.path) ? i.message : `${i.path}: ${i.message}`}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ImportDialog({ job, onClose }: { job: ImportJob; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState(job.format);
  // Prefilled (from the file's name, or a default for a pasted list) and required.
  const [title, setTitle] = useState(job.title || tt("imp.pastedTitle"));
  const [ask, setAsk] = useState<QuizletSide>("definition");
  const [text, setText] = useState("");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const body = () => job.file ?? text;

  const show = async (f: ImportFormat, side: QuizletSide = ask) => {
    setBusy(true);
    setError(null);
    try {
      setPreview(
        await api<ImportPreview>(previewUrl(f, title.trim() || tt("imp.pastedTitle"), side), {
          raw: { text: body(), type: contentType(f) },
        }),
      );
    } catch (e) {
      setPreview(null);
      setError(e as ApiError);
    }
    setBusy(false);
  };

  useEffect(() => {
    ref.current?.showModal();
    if (job.file) void show(format);
  }, []);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ quiz: { id: string } }>(saveUrl(format, title.trim(), ask), {
        raw: { text: body(), type: contentType(format) },
      });
      ref.current?.close();
      navigate(`/quizzes/${r.quiz.id}`);
    } catch (e) {
      setError(e as ApiError);
      setBusy(false);
    }
  };

  const formats = job.file ? FILE_FORMATS : PASTE_FORMATS;
  const ready =
    !!preview &&
    !preview.problems.length &&
    preview.quiz.questions.length > 0 &&
    !busy &&
    (format === "json" || title.trim() !== "");
  return (
    <dialog ref={ref} class="dialog import-dialog" onClose={onClose} aria-labelledby="imp-title">
      <div class="stack">
        <h2 id="imp-title">
          {tt("imp.title")}
          {job.name && <span class="muted"> — {job.name}</span>}
        </h2>
        <div class="grid3">
          <label>
            {tt("imp.format")}
            <select
              class="block"
              value={format}
              onChange={(e) => {
                const f = e.currentTarget.value as ImportFormat;
                setFormat(f);
                setPreview(null);
                if (job.file) void show(f);
              }}
            >
              {formats.map((f) => (
                <option key={f} value={f}>
                  {tt(`imp.fmt.${f}`)}
                </option>
              ))}
            </select>
          </label>
          {format !== "json" && (
            <label>
              {at("ed.title")}
              <input
                class="block"
                value={title}
                required
                aria-invalid={title.trim() === ""}
                maxLength={120}
                onInput={(e) => setTitle(e.currentTarget.value)}
              />
            </label>
          )}
          {format === "quizlet" && (
            <label>
              {tt("imp.ask")}
              <select
                class="block"
                value={ask}
                onChange={(e) => {
                  const side = e.currentTarget.value as QuizletSide;
                  setAsk(side);
                  if (preview || job.file) void show(format, side);
                }}
              >
                <option value="definition">{tt("imp.askDefinition")}</option>
                <option value="term">{tt("imp.askTerm")}</option>
              </select>
            </label>
          )}
        </div>
        {!job.file && (
          <>
            <label for="imp-text">{tt("imp.pasteLabel")}</label>
            <textarea id="imp-text" rows={8} value={text} onInput={(e) => setText(e.currentTarget.value)} />
            <button type="button" class="self-start" disabled={!text.trim() || busy} onClick={() => show(format)}>
              {tt("imp.showPreview")}
            </button>
          </>
        )}
        {busy && <p class="muted">{tt("imp.reading")}</p>}
        {error && <ErrorBox e={error} />}
        {preview && <PreviewBody p={preview} />}
        <div class="row end">
          <button type="button" onClick={() => ref.current?.close()}>
            {at("cancel")}
          </button>
          <button type="button" class="primary" disabled={!ready} onClick={save}>
            {tt("imp.save")}
          </button>
        </div>
      </div>
    </dialog>
  );
}
