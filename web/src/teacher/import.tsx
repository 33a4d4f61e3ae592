// Import a quiz from a JSON export or a CSV sheet; the server validates and names the bad lines.
import { useRef, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { navigate } from "../router";
import { tt } from "./strings";

export function ImportButtons() {
  const json = useRef<HTMLInputElement>(null);
  const csv = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const upload = async (file: File | undefined, kind: "json" | "csv") => {
    if (!file) return;
    setError(null);
    try {
      const text = await file.text();
      // A sheet has no title of its own: the file's name stands in for it.
      const title = encodeURIComponent(file.name.replace(/\.[^.]+$/, "").slice(0, 120) || "Imported quiz");
      const r = await api<{ quiz: { id: string } }>(
        kind === "csv" ? `/api/quizzes/import/csv?title=${title}` : "/api/quizzes/import",
        {
          raw: { text, type: kind === "csv" ? "text/csv" : "application/json" },
        },
      );
      navigate(`/quizzes/${r.quiz.id}`);
    } catch (e) {
      setError(e as ApiError);
    }
  };

  return (
    <>
      <button type="button" onClick={() => json.current?.click()}>
        {tt("imp.json")}
      </button>
      <button type="button" onClick={() => csv.current?.click()}>
        {tt("imp.csv")}
      </button>
      <input
        ref={json}
        type="file"
        accept=".json,application/json"
        hidden
        onChange={(e) => upload(e.currentTarget.files?.[0], "json")}
      />
      <input
        ref={csv}
        type="file"
        accept=".csv,text/csv"
        hidden
        onChange={(e) => upload(e.currentTarget.files?.[0], "csv")}
      />
      {error && (
        <div class="err import-err" role="alert">
          <p>
            {tt("imp.failed")}
            {error.issues.length ? ":" : `: ${error.message}`}
          </p>
          {error.issues.length > 0 && (
            <ul>
              {error.issues.slice(0, 20).map((i, n) => (
                // CSV messages already start with their line; JSON ones need the path in front.
                <li key={n}>{i.message.startsWith(i.path) ? i.message : `${i.path}: ${i.message}`}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}
