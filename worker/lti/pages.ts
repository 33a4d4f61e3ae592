// The few pages LTI needs outside the app's bundle (the player route stays as it is): the launch
// handoff (exchanges the one-time code from the URL fragment for the session, keeps a seat token
// where the player looks for it, then opens the app), the Deep Linking picker, and the close page
// of Dynamic Registration. Each carries its own CSP (one inline script, by nonce); the app's pages
// refuse framing (web/public/_headers), so a launch framed by the LMS opens QuickQuiz in a tab of
// its own, where the code is exchanged first-party: no cookie has to cross the launch.

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

export interface Page {
  html: string;
  /** The Content-Security-Policy that goes with it: only its own inline script, by nonce. */
  csp: string;
}

function page(title: string, body: string, script: string, opts: { framed?: boolean; formAction?: string } = {}): Page {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem}label{display:block;margin:.5rem 0}select,input,button{font:inherit;padding:.4rem}button{margin-top:1rem}</style></head>
<body><main>${body}</main><script nonce="${nonce}">${script}</script></body></html>`;
  const csp = [
    "default-src 'self'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    `form-action ${opts.formAction ?? "'self'"}`,
    // The LMS may frame the launch's landing page (it then opens QuickQuiz in a tab of its own); nothing else.
    `frame-ancestors ${opts.framed ? "*" : "'none'"}`,
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
  return { html, csp };
}

/**
 * The launch's landing page: POST /lti/exchange with the code (one use, two minutes), then follow
 * `next`. The homework seat's token is stored under the key the player reads (qq_assign_<code>,
 * web/src/player/assignment.tsx), so the student lands in their homework with their LMS name.
 */
export function handoffPage(): Page {
  return page(
    "QuickQuiz",
    `<p id="msg">Opening QuickQuiz…</p><p><a id="open" target="_blank" rel="opener" hidden>Open QuickQuiz</a></p>`,
    `(async()=>{const code=location.hash.slice(1);history.replaceState(null,"",location.pathname);
const msg=document.getElementById("msg");
if(window.top!==window){const a=document.getElementById("open");a.href="/lti/handoff#"+code;a.hidden=false;msg.textContent="QuickQuiz opens in a tab of its own.";return}
try{const r=await fetch("/lti/exchange",{method:"POST",headers:{"content-type":"application/json"},body:JSON.stringify({code})});
const b=await r.json();if(!r.ok)throw new Error(b.error&&b.error.message||"the launch failed");
if(b.handoff.assignment){try{localStorage.setItem("qq_assign_"+b.handoff.assignment.code,b.handoff.assignment.token)}catch(e){}}
if(b.handoff.deepLink){try{sessionStorage.setItem("qq_lti_dl",b.handoff.deepLink);sessionStorage.setItem("qq_lti_token",b.session.token)}catch(e){}}
location.replace(b.handoff.next);}catch(e){msg.textContent=String(e.message||e)}})();`,
    { framed: true },
  );
}

/** The Deep Linking picker: one of the teacher's quizzes, as homework (deadline, attempts) or a live game link. */
export function pickerPage(): Page {
  return page(
    "Add a QuickQuiz activity",
    `<h1>Add a QuickQuiz activity</h1>
<form id="f"><label>Quiz <select id="quiz" required></select></label>
<fieldset><legend>As</legend><label><input type="radio" name="kind" value="assignment" checked> Homework (graded)</label>
<label><input type="radio" name="kind" value="live"> Live game link</label></fieldset>
<label>Deadline <input id="deadline" type="datetime-local" required></label>
<label>Attempts <input id="attempts" type="number" min="1" max="10" value="1"></label>
<button>Add to the course</button><p id="msg" role="status"></p></form>
<form id="back" method="post"><input type="hidden" name="JWT"></form>`,
    `(async()=>{const ctx=sessionStorage.getItem("qq_lti_dl"),token=sessionStorage.getItem("qq_lti_token");
const h={"content-type":"application/json",authorization:"Bearer "+token};const msg=document.getElementById("msg");
const d=new Date(Date.now()+7*864e5);d.setMinutes(d.getMinutes()-d.getTimezoneOffset());document.getElementById("deadline").value=d.toISOString().slice(0,16);
const r=await fetch("/api/quizzes?scope=mine&limit=50",{headers:h});const b=await r.json();const sel=document.getElementById("quiz");
for(const q of b.items||[]){const o=document.createElement("option");o.value=q.id;o.textContent=q.title;sel.append(o)}
document.getElementById("f").onsubmit=async(e)=>{e.preventDefault();const kind=document.querySelector("input[name=kind]:checked").value;
const body={context:ctx,kind,quizId:sel.value};if(kind==="assignment")body.settings={deadline:new Date(document.getElementById("deadline").value).getTime(),attempts:Number(document.getElementById("attempts").value)||1,audience:"students"};if(body.settings.attempts>1)body.settings.showAnswers="deadline";
const res=await fetch("/api/lti/deep-link",{method:"POST",headers:h,body:JSON.stringify(body)});const out=await res.json();
if(!res.ok){msg.textContent=out.error.message;return}const back=document.getElementById("back");back.action=out.returnUrl;back.JWT.value=out.jwt;back.submit();};})();`,
    // The signed answer is posted to the LMS's deep_link_return_url, wherever the LMS is.
    { formAction: "*" },
  );
}

/** Dynamic Registration's end: tell the LMS to close the registration window (§3.6.2). */
export function registeredPage(name: string): Page {
  return page(
    "QuickQuiz registered",
    `<h1>QuickQuiz is registered with ${esc(name)}</h1><p>You can close this window.</p>`,
    `(window.opener||window.parent).postMessage({subject:"org.imsglobal.lti.close"},"*");`,
    { framed: true },
  );
}
