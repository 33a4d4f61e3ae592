// The quiz editor: inline validation from schema/quiz.ts as the teacher types, save, export, host.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { QUESTION_TYPES, quizToSave as quizSchema, type Quiz, type QuestionType } from "../../../../schema/quiz.ts";
import { api, type ApiError } from "../../api.ts";
import { navigate } from "../../router.ts";
import { Banner, Spinner } from "../../shared/ui.tsx";
import { blankDraft, blankQuestion, fromQuiz, newId, toQuiz, type Draft, type QDraft } from "./draft.ts";
import { HostDialog } from "../host/host-dialog.tsx";
import { ImageField } from "./image-field.tsx";
import { ImportButtons } from "../import/import.tsx";
import { ExportMore } from "../import/export-more.tsx";
import { QuestionEditor } from "./question-editor.tsx";
import { focusFirstInvalid, Issue, invalidProps, type Issues } from "../../app/field-issue.tsx";
import { LanguageSelect } from "./quiz-language.tsx";
import { localizeIssue } from "./issues.ts";
import type { IssueLike } from "./issue-messages.ts";
import { useLang } from "../../i18n.ts";
import { useLeaveGuard } from "./leave-guard.tsx";
import { keptAt, readLocalDraft, restore, type Restored, useLocalDraft } from "./local-draft.ts";
import { QuestionList, UndoToast } from "./question-list.tsx";
import { insertAt, moveItem, removeAt } from "./reorder.ts";
import { at } from "../../app/strings.ts";
import { et } from "./strings.ts";

/** The line beside Save: a key is translated when shown, so it follows a change of language. */
type Status = { key: "ed.fix" | "ed.saved" } | { text: string } | null;
/** A status carried over the remount that follows saving a new quiz (its URL changes). */
let flash: Status = null;

type Stored = Quiz & { id: string; ownerId: string; unpublishedReason?: string };

export function Editor({ id }: { id: string | null }) {
  const [restored, setRestored] = useState<Restored | null>(() => (id ? null : restore(null, blankDraft())));
  const [draft, setDraft] = useState<Draft | null>(() =>
    id ? null : restored ? readLocalDraft(null)!.draft : blankDraft(),
  );
  const [loadError, setLoadError] = useState("");
  /** Why an admin unpublished the quiz, while that holds (it may not be public or unlisted until lifted). */
  const [held, setHeld] = useState<string | null>(null);
  const [serverIssues, setServerIssues] = useState<Map<string, IssueLike>>(new Map());
  const [status, setStatus] = useState<Status>(() => {
    const s = flash;
    flash = null;
    return s;
  });
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(restored !== null);
  const [tried, setTried] = useState(false);
  const [hosting, setHosting] = useState(false);
  const [addType, setAddType] = useState<QuestionType>(QUESTION_TYPES[0]);
  // Messages appear for what the teacher has touched, and for everything once they try to save.
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [said, setSaid] = useState("");
  const [undo, setUndo] = useState<{ q: QDraft; index: number } | null>(null);
  const forget = useLocalDraft(id, draft, dirty);
  // The guard is set up before the early returns below; `save` is only defined after them.
  const actions = useRef({ save: async () => false });
  const guard = useLeaveGuard({ dirty, save: () => actions.current.save(), discard: () => forget() });

  useEffect(() => {
    if (!id) return;
    api<{ quiz: Stored }>(`/api/quizzes/${id}`)
      .then((r) => {
        setHeld(r.quiz.unpublishedReason ?? null);
        const server = fromQuiz(r.quiz);
        const back = restore(id, server);
        setRestored(back);
        setDirty(back !== null);
        setDraft(back ? readLocalDraft(id)!.draft : server);
      })
      .catch((e: ApiError) => setLoadError(e.status === 404 ? et("ed.notFound") : e.message));
  }, [id]);

  const lang = useLang();
  // After a refused save, the first marked field takes the focus (once the messages have rendered).
  const formRef = useRef<HTMLFormElement>(null);
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    if (refused) focusFirstInvalid(formRef.current);
  }, [refused]);

  const parsed = useMemo(() => (draft ? quizSchema.safeParse(toQuiz(draft)) : null), [draft]);
  const issues: Issues = useMemo(() => {
    const m: Issues = new Map([...serverIssues].map(([k, i]) => [k, localizeIssue(i)]));
    if (parsed && !parsed.success)
      for (const i of parsed.error.issues) m.set(i.path.join("."), m.get(i.path.join(".")) ?? localizeIssue(i));
    return m;
  }, [parsed, serverIssues, lang]);

  if (loadError)
    return (
      <p class="err" role="alert">
        {loadError}
      </p>
    );
  if (!draft) return <Spinner />;

  const update = (d: Draft, touch?: string) => {
    if (touch && !touched.has(touch)) setTouched(new Set(touched).add(touch));
    setDraft(d);
    setDirty(true);
    setServerIssues(new Map());
    setStatus(null);
  };
  const setQ = (i: number, q: QDraft) =>
    update({ ...draft, questions: draft.questions.map((x, j) => (j === i ? q : x)) }, q.id);
  const moveQ = (i: number, to: number) => {
    if (to < 0 || to >= draft.questions.length || to === i) return;
    update({ ...draft, questions: moveItem(draft.questions, i, to) });
    setSaid(et("el.moved", { n: to + 1, total: draft.questions.length }));
  };
  const duplicateQ = (i: number) => {
    if (draft.questions.length >= 100) return;
    update({ ...draft, questions: insertAt(draft.questions, i + 1, { ...draft.questions[i], id: newId() }) });
    setSaid(et("el.duplicated", { n: i + 1, m: i + 2 }));
  };
  // Deleting does not ask: it can be undone.
  const deleteQ = (i: number) => {
    if (draft.questions.length <= 1) return;
    setUndo({ q: draft.questions[i], index: i });
    update({ ...draft, questions: removeAt(draft.questions, i) });
    setSaid(et("el.deleted", { n: i + 1 }));
  };
  const undoDelete = () => {
    if (!undo) return;
    update({ ...draft, questions: insertAt(draft.questions, undo.index, undo.q) });
    setSaid(et("el.undone", { n: undo.index + 1 }));
    setUndo(null);
  };
  const jumpTo = (i: number) => {
    const field = document.getElementById(`q${draft.questions[i].id}-text`);
    field?.closest("li")?.scrollIntoView({ block: "start" });
    field?.focus({ preventScroll: true });
  };
  const discardRestored = () => {
    if (!restored) return;
    forget();
    setDraft(restored.original);
    setRestored(null);
    setDirty(false);
    setTouched(new Set());
    setTried(false);
  };

  const save = async (): Promise<string | null> => {
    setTried(true);
    if (!parsed?.success) {
      setStatus({ key: "ed.fix" });
      setRefused((n) => n + 1);
      return null;
    }
    setSaving(true);
    try {
      const r = id
        ? await api<{ quiz: Stored }>(`/api/quizzes/${id}`, { method: "PUT", body: parsed.data })
        : await api<{ quiz: Stored }>("/api/quizzes", { body: parsed.data });
      setDirty(false);
      forget();
      setRestored(null);
      setUndo(null);
      setStatus({ key: "ed.saved" });
      if (!id) {
        flash = { key: "ed.saved" };
        navigate(`/quizzes/${r.quiz.id}`, true);
      }
      return r.quiz.id;
    } catch (e) {
      const err = e as ApiError;
      setServerIssues(new Map(err.issues.map((i) => [i.path, i])));
      if (err.issues.length) setRefused((n) => n + 1);
      setStatus({ text: err.message });
      return null;
    } finally {
      setSaving(false);
    }
  };

  actions.current.save = async () => (await save()) !== null;
  const show = (path: string) => (tried || touched.has(path) ? issues.get(path) : undefined);
  const none: Issues = new Map();
  const tagsIssue =
    tried || touched.has("tags") ? [...issues].find(([k]) => k === "tags" || k.startsWith("tags."))?.[1] : undefined;
  const count = issues.size;

  const form = (
    <form
      ref={formRef}
      class="editor stack"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
    >
      <div class="row spread sticky-bar">
        <h1>{id ? at("ed.edit") : et("ed.new")}</h1>
        <div class="row">
          <span class="muted" role="status">
            {status ? ("key" in status ? et(status.key) : status.text) : dirty ? et("ed.unsaved") : ""}
          </span>
          {id && (
            <a class="button" href={`/api/quizzes/${id}/export`} download>
              {et("ed.export")}
            </a>
          )}
          {id && draft && <ExportMore id={id} types={draft.questions.map((q) => q.type)} />}
          {id && (
            <button type="button" onClick={async () => (!dirty || (await save())) && setHosting(true)}>
              {at("cat.host")}
            </button>
          )}
          <button type="submit" class="primary" disabled={saving}>
            {et("ed.save")}
          </button>
        </div>
      </div>
      {!id && (
        <p class="row">
          <span class="muted">{et("ed.orImport")}</span>
          <ImportButtons />
        </p>
      )}
      {tried && count > 0 && (
        <p class="err" role="alert">
          {et("ed.issues", { n: count })}
        </p>
      )}
      <fieldset class="card stack">
        <legend class="sr">{et("ed.details")}</legend>
        {held !== null && (
          <div class="notice-held" role="note">
            <p>
              <strong>{et("ed.held", { reason: held })}</strong>
            </p>
            <p>{et("ed.heldHint")}</p>
          </div>
        )}
        <label for="title">{at("ed.title")}</label>
        <input
          id="title"
          value={draft.title}
          maxLength={120}
          placeholder={et("ph.title")}
          onInput={(e) => update({ ...draft, title: e.currentTarget.value }, "title")}
          {...invalidProps("title", show("title"))}
        />
        <Issue id="title-err" text={show("title")} />
        <label for="desc">{et("ed.description")}</label>
        <textarea
          id="desc"
          rows={2}
          value={draft.description}
          placeholder={et("ph.description")}
          onInput={(e) => update({ ...draft, description: e.currentTarget.value }, "description")}
          {...invalidProps("desc", show("description"))}
        />
        <Issue id="desc-err" text={show("description")} />
        <div class="grid3">
          <div class="stack">
            <label for="tags">{et("ed.tags")}</label>
            <input
              id="tags"
              value={draft.tags}
              placeholder={et("ph.tags")}
              onInput={(e) => update({ ...draft, tags: e.currentTarget.value }, "tags")}
              {...invalidProps("tags", tagsIssue)}
            />
            <Issue id="tags-err" text={tagsIssue} />
          </div>
          <div class="stack">
            <label for="lang">{et("ed.language")}</label>
            <LanguageSelect
              id="lang"
              value={draft.language}
              onChange={(language) => update({ ...draft, language }, "language")}
              invalid={invalidProps("lang", show("language"))}
            />
            <Issue id="lang-err" text={show("language")} />
          </div>
          <div class="stack">
            <label for="vis">{et("ed.visibility")}</label>
            <select
              id="vis"
              value={draft.visibility}
              onChange={(e) => update({ ...draft, visibility: e.currentTarget.value as Draft["visibility"] })}
            >
              {(["private", "unlisted", "public"] as const).map((v) => (
                <option key={v} value={v} disabled={held !== null && v !== "private"}>
                  {at(`vis.${v}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ImageField
          id="cover"
          label={et("img.cover")}
          value={draft.cover}
          onChange={(cover) => update({ ...draft, cover }, "cover")}
          issues={
            tried || touched.has("cover")
              ? { image: issues.get("cover.image"), imageAlt: issues.get("cover.imageAlt") }
              : {}
          }
        />
      </fieldset>
      <Issue text={show("questions")} />
      <ol class="questions">
        {draft.questions.map((q, i) => (
          <QuestionEditor
            key={q.id}
            q={q}
            index={i}
            count={draft.questions.length}
            language={draft.language}
            issues={tried || touched.has(q.id) ? issues : none}
            onChange={(nq) => setQ(i, nq)}
            onMove={(to) => moveQ(i, to)}
            onDuplicate={() => duplicateQ(i)}
            onDelete={() => deleteQ(i)}
          />
        ))}
      </ol>
      <div class="row">
        <label for="add-type" class="sr">
          {et("ed.type")}
        </label>
        <select
          id="add-type"
          value={addType}
          onChange={(e) => setAddType(e.currentTarget.value as QuestionType)}
          style={{ width: "auto" }}
        >
          {QUESTION_TYPES.map((t) => (
            <option key={t} value={t}>
              {at(`type.${t}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => update({ ...draft, questions: [...draft.questions, blankQuestion(addType)] })}
          disabled={draft.questions.length >= 100}
        >
          {et("ed.addQuestion")}
        </button>
      </div>
      {hosting && id && <HostDialog quizId={id} title={draft.title} onClose={() => setHosting(false)} />}
    </form>
  );

  const flagged = (i: number) =>
    (tried || touched.has(draft.questions[i].id)) &&
    [...issues.keys()].some((k) => k === `questions.${i}` || k.startsWith(`questions.${i}.`));
  return (
    <div class="editor-layout">
      <QuestionList
        questions={draft.questions}
        flagged={flagged}
        said={said}
        onJump={jumpTo}
        onMove={moveQ}
        onDuplicate={duplicateQ}
        onDelete={deleteQ}
      />
      <div class="stack editor-main">
        {restored && (
          <Banner>
            <span>{et("el.restored", { time: keptAt(restored.at, lang) })}</span>{" "}
            <button type="button" onClick={discardRestored}>
              {et("el.discard")}
            </button>
          </Banner>
        )}
        {form}
      </div>
      {undo && <UndoToast n={undo.index + 1} onUndo={undoDelete} onClose={() => setUndo(null)} />}
      {guard}
    </div>
  );
}
