// A picture for a question or the quiz's cover: chosen or dropped (shrunk here, then uploaded),
// or given by its https address; previewed, with a message when it does not load; and its alt
// text, asked for unless the teacher marks the picture decorative.
import { useRef, useState } from "preact/hooks";
import { MEDIA_LIMITS } from "../../../../schema/media.ts";
import type { ApiError } from "../../api.ts";
import { Issue } from "../../app/field-issue.tsx";
import type { ImageDraft } from "./image-draft.ts";
import { ImageProblem, prepareImage, uploadImage } from "./image-upload.ts";
import "./image-field.css";
import { et } from "./strings.ts";

interface Props {
  /** Prefix of the field's element ids. */
  id: string;
  label: string;
  value: ImageDraft;
  onChange: (value: ImageDraft) => void;
  issues: { image?: string; imageAlt?: string };
}

function problemText(e: unknown): string {
  if (e instanceof ImageProblem) return et(e.reason === "tooBig" ? "img.tooBig" : "img.notImage");
  const err = e as ApiError;
  if (err.code === "network") return et("img.network");
  if (err.code === "quota_exceeded") return et("img.quota");
  if (err.status === 413) return et("img.tooBig");
  if (err.status === 415) return et("img.notImage");
  return et("img.failed", { message: err.message });
}

export function ImageField({ id, label, value, onChange, issues }: Props) {
  const [busy, setBusy] = useState<"resizing" | "uploading" | null>(null);
  const [problem, setProblem] = useState("");
  const [done, setDone] = useState("");
  /** The address that failed to load, if the current one did. */
  const [broken, setBroken] = useState("");
  const [over, setOver] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  // An upload ends after more renders: it must change the newest value, through the newest callback.
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };

  const take = async (picked: File | undefined) => {
    if (!picked || busy) return;
    setProblem("");
    setDone("");
    try {
      setBusy("resizing");
      const blob = await prepareImage(picked);
      setBusy("uploading");
      const up = await uploadImage(blob);
      latest.current.onChange({ ...latest.current.value, image: up.url });
      setDone(et("img.done", { w: up.width, h: up.height, kb: Math.max(1, Math.round(up.bytes / 1024)) }));
    } catch (e) {
      setProblem(problemText(e));
    } finally {
      setBusy(null);
      if (file.current) file.current.value = "";
    }
  };

  const set = (patch: Partial<ImageDraft>) => onChange({ ...value, ...patch });
  const has = value.image.trim() !== "";
  const isBroken = has && !issues.image && broken === value.image;
  const altId = `${id}-alt`;
  const urlId = `${id}-url`;
  const previewAlt = value.imageDecorative
    ? et("img.previewDecorative")
    : value.imageAlt.trim()
      ? et("img.preview", { alt: value.imageAlt.trim() })
      : et("img.previewNoAlt");

  return (
    <fieldset class="image-field stack">
      <legend>{label}</legend>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a mouse shortcut; the Choose button does the same from the keyboard */}
      <div
        class={`dropzone${over ? " over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void take(e.dataTransfer?.files[0]);
        }}
      >
        {isBroken && (
          <p id={`${urlId}-broken`} class="err preview broken" role="alert">
            <span aria-hidden="true">⚠ </span>
            {et("img.broken")}
          </p>
        )}
        {has && !issues.image && !isBroken && (
          <img
            class="preview"
            src={value.image}
            alt={previewAlt}
            onError={() => setBroken(value.image)}
            onLoad={() => setBroken("")}
          />
        )}
        <div class="stack">
          <span>{et("img.drop")}</span>
          <div class="row">
            <button type="button" disabled={busy !== null} onClick={() => file.current?.click()}>
              {et("img.choose")}
            </button>
            {has && (
              <button type="button" onClick={() => set({ image: "", imageAlt: "", imageDecorative: false })}>
                {et("img.remove")}
              </button>
            )}
          </div>
          <small class="muted">{et("img.hint")}</small>
          <input
            ref={file}
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            hidden
            onChange={(e) => void take(e.currentTarget.files?.[0])}
          />
        </div>
      </div>
      <p class="muted" role="status">
        {busy ? et(busy === "resizing" ? "img.resizing" : "img.uploading") : done}
      </p>
      {problem && (
        <p class="err" role="alert">
          {problem}
        </p>
      )}
      <label for={urlId}>{et("img.url")}</label>
      <input
        id={urlId}
        type="url"
        placeholder={et("ph.url")}
        value={value.image}
        onInput={(e) => set({ image: e.currentTarget.value })}
        {...(issues.image
          ? { "aria-invalid": true, "aria-describedby": `${urlId}-err` }
          : isBroken
            ? { "aria-invalid": true, "aria-describedby": `${urlId}-broken` }
            : {})}
      />
      <Issue id={`${urlId}-err`} text={issues.image} />
      {has && (
        <>
          <label for={altId}>{et("img.alt")}</label>
          <input
            id={altId}
            value={value.imageAlt}
            placeholder={et("ph.alt")}
            maxLength={MEDIA_LIMITS.alt + 10}
            disabled={value.imageDecorative}
            onInput={(e) => set({ imageAlt: e.currentTarget.value })}
            aria-describedby={issues.imageAlt ? `${altId}-err ${altId}-hint` : `${altId}-hint`}
            aria-invalid={issues.imageAlt ? true : undefined}
          />
          <small id={`${altId}-hint`} class="muted">
            {et("img.altHint")}
          </small>
          <Issue id={`${altId}-err`} text={issues.imageAlt} />
          <label class="check">
            <input
              type="checkbox"
              checked={value.imageDecorative}
              onChange={(e) => set({ imageDecorative: e.currentTarget.checked })}
            />
            {et("img.decorative")}
          </label>
        </>
      )}
    </fieldset>
  );
}
