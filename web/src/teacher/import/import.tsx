// Import a quiz: choose a file (or paste a list), see a preview with every problem named by its
// line or row, then save. Nothing is saved while the file has a problem.
import { useRef, useState } from "preact/hooks";
import { ImportDialog, type ImportJob } from "./import-preview.tsx";
import { guessFormat, titleFromName } from "./import-formats.ts";
import { tt } from "../strings.ts";

export function ImportButtons() {
  const input = useRef<HTMLInputElement>(null);
  const [job, setJob] = useState<ImportJob | null>(null);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    // Enough of a text file to tell GIFT from Aiken from a Quizlet list.
    const head = /\.xlsx$/i.test(file.name) ? "" : await file.slice(0, 16_384).text();
    const format = guessFormat(file.name, head);
    setJob({ key: Date.now(), file, name: file.name, format, title: titleFromName(file.name) });
    // The same file chosen again must still count as a change.
    if (input.current) input.current.value = "";
  };

  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        {tt("imp.file")}
      </button>
      <button
        type="button"
        onClick={() => setJob({ key: Date.now(), file: null, name: "", format: "quizlet", title: "" })}
      >
        {tt("imp.paste")}
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,.csv,.xlsx,.gift,.txt,application/json,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        hidden
        onChange={(e) => pick(e.currentTarget.files?.[0])}
      />
      {job && <ImportDialog key={job.key} job={job} onClose={() => setJob(null)} />}
    </>
  );
}
