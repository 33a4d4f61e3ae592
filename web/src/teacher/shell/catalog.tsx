// The quiz catalog: my quizzes and public ones, search by text and tag, cursor pagination.
import { useState } from "preact/hooks";
import type { QuizSummary } from "../../../../schema/catalog.ts";
import { api, type ApiError } from "../../api.ts";
import { getLang } from "../../i18n.ts";
import { navigate } from "../../router.ts";
import { usePaged } from "../../shared/paged.ts";
import { Spinner } from "../../shared/ui.tsx";
import { ImportButtons } from "../import/import.tsx";
import { HostDialog } from "../host/host-dialog.tsx";
import { AssignDialog } from "../assign/assign.tsx";
import { useUser } from "../../app/session.ts";
import "../editor/image-field.css";
import { at } from "../../app/strings.ts";
import { tt } from "../strings.ts";

type Scope = "mine" | "public";

export function Catalog() {
  const user = useUser();
  const [scope, setScope] = useState<Scope>("mine");
  const [q, setQ] = useState("");
  const [tag, setTag] = useState("");
  const [hosting, setHosting] = useState<QuizSummary | null>(null);
  const [assigning, setAssigning] = useState<QuizSummary | null>(null);

  // Search as the teacher types, a moment after they stop.
  const list = usePaged<QuizSummary>("/api/quizzes", { scope, limit: "20", q: q.trim(), tag: tag.trim() });
  const { items, next, error } = list;

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await list.reload();
    } catch (e) {
      list.setError((e as ApiError).message);
    }
  };

  return (
    <section class="stack">
      <div class="row spread">
        <h1>{tt("cat.title")}</h1>
        <div class="row">
          <a class="button primary" href="/quizzes/new">
            {tt("cat.new")}
          </a>
          <ImportButtons />
        </div>
      </div>
      <div class="tabs" role="group" aria-label={tt("cat.title")}>
        {(["mine", "public"] as const).map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={scope === s}
            class={scope === s ? "on" : ""}
            onClick={() => setScope(s)}
          >
            {tt(`cat.${s}`)}
          </button>
        ))}
      </div>
      <div class="row filters" role="search">
        <label class="grow">
          <span class="sr">{tt("cat.search")}</span>
          <input type="search" placeholder={tt("cat.search")} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <label>
          <span class="sr">{tt("cat.tag")}</span>
          <input type="search" placeholder={tt("cat.tag")} value={tag} onInput={(e) => setTag(e.currentTarget.value)} />
        </label>
      </div>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      {items === null ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p class="muted">{tt("cat.empty")}</p>
      ) : (
        <ul class="quiz-list">
          {items.map((it) => {
            const mine = it.ownerId === user?.id;
            return (
              <li key={it.id} class="card quiz-item">
                {it.cover && (
                  <img
                    class="cover-thumb"
                    src={it.cover.image}
                    alt={it.cover.imageDecorative ? "" : (it.cover.imageAlt ?? "")}
                    loading="lazy"
                  />
                )}
                <div class="stack grow">
                  <h2>{mine ? <a href={`/quizzes/${it.id}`}>{it.title}</a> : it.title}</h2>
                  {it.description && <p class="muted clamp">{it.description}</p>}
                  <p class="meta">
                    {tt("cat.questions", { n: it.questionCount })} · {at(`vis.${it.visibility}`)}
                    {!mine && ` · ${it.ownerName}`} · {new Date(it.updatedAt).toLocaleDateString(getLang())}
                  </p>
                  {it.unpublishedReason !== undefined && (
                    <p class="notice-held">{tt("cat.held", { reason: it.unpublishedReason })}</p>
                  )}
                  {it.tags.length > 0 && (
                    <p class="tags">
                      {it.tags.map((g) => (
                        <button
                          type="button"
                          class="tag"
                          key={g}
                          onClick={() => setTag(g)}
                          aria-label={tt("cat.filterTag", { tag: g })}
                        >
                          #{g}
                        </button>
                      ))}
                    </p>
                  )}
                </div>
                <div class="row actions">
                  <button type="button" class="primary" onClick={() => setHosting(it)}>
                    {at("cat.host")}
                  </button>
                  <button type="button" onClick={() => setAssigning(it)}>
                    {tt("cat.assign")}
                  </button>
                  {mine && (
                    <a class="button" href={`/quizzes/${it.id}`}>
                      {tt("cat.edit")}
                    </a>
                  )}
                  <button
                    type="button"
                    onClick={() =>
                      act(async () => {
                        const r = await api<{ quiz: { id: string } }>(`/api/quizzes/${it.id}/duplicate`, {
                          method: "POST",
                        });
                        navigate(`/quizzes/${r.quiz.id}`);
                      })
                    }
                  >
                    {tt("cat.duplicate")}
                  </button>
                  {mine && (
                    <button
                      type="button"
                      class="danger"
                      onClick={() =>
                        confirm(tt("cat.confirmDelete", { title: it.title })) &&
                        act(() => api(`/api/quizzes/${it.id}`, { method: "DELETE" }))
                      }
                    >
                      {tt("cat.delete")}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {next && (
        <button type="button" onClick={() => list.more()}>
          {at("cat.more")}
        </button>
      )}
      {hosting && <HostDialog quizId={hosting.id} title={hosting.title} onClose={() => setHosting(null)} />}
      {assigning && <AssignDialog quizId={assigning.id} title={assigning.title} onClose={() => setAssigning(null)} />}
    </section>
  );
}
