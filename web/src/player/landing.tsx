// The front door: type the code from the big screen.
import { useState } from "preact/hooks";
import { t, type PlayerKey } from "../strings.ts";
import { navigate } from "../router.ts";
import { cleanCode, isCode } from "../code.ts";
import { LangSwitch } from "../shared/ui.tsx";
import { lastGame } from "./seat.ts";
import { accountHint, homeOf } from "../account-hint.ts";

export function Landing() {
  const [code, setCode] = useState("");
  const [last] = useState(lastGame);
  const [account] = useState(accountHint);
  // A key, not a sentence, so the message follows a language switch.
  const [error, setError] = useState<PlayerKey | "">("");
  const submit = (e: Event) => {
    e.preventDefault();
    if (!isCode(code)) return setError("code.invalid");
    navigate("/" + code);
  };
  return (
    <main class="screen center">
      <header class="top">
        <span class="brand">QuickQuiz</span>
        <LangSwitch />
      </header>
      <form class="card stack" onSubmit={submit} noValidate>
        <h1>{t("land.title")}</h1>
        <label for="code">{t("land.codeLabel")}</label>
        <input
          id="code"
          class="code-input"
          value={code}
          onInput={(e) => {
            setCode(cleanCode(e.currentTarget.value));
            setError("");
          }}
          inputMode="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={8}
          placeholder="ABC234"
          aria-describedby="code-hint code-err"
          aria-invalid={error ? true : undefined}
          autoFocus
        />
        <small id="code-hint">{t("land.codeHint")}</small>
        <p id="code-err" class="err" role="alert">
          {error && t(error)}
        </p>
        <button class="primary big" type="submit">
          {t("land.join")}
        </button>
      </form>
      {last && (
        <a class="button big" href={`/${last.code}`}>
          {t("land.back", { code: last.code, name: last.nickname })}
        </a>
      )}
      {account ? (
        <a class="foot" href={homeOf(account.role)}>
          {t("land.signedIn", { name: account.name })}
        </a>
      ) : (
        <a class="foot" href="/login">
          {t("land.teacher")}
        </a>
      )}
    </main>
  );
}
