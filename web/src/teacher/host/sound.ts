// The projector's sound, synthesised with the Web Audio API (no recordings): a light lobby loop, a
// tick in the last seconds of a question and a cue at the reveal. Only the host's screen plays it
// (this module is in the teacher's lazy chunk); the mute is remembered on this browser.
import { useEffect, useState } from "preact/hooks";
import { readItem, writeItem } from "../../storage.ts";

const MUTE_KEY = "qq_sound_muted";
let ctx: AudioContext | null = null;
const listeners = new Set<(muted: boolean) => void>();

export const isMuted = () => readItem(MUTE_KEY) === "1";

export function setMuted(muted: boolean): void {
  writeItem(MUTE_KEY, muted ? "1" : "0");
  if (muted) stopLoop();
  for (const l of listeners) l(muted);
}

export function useMuted(): [boolean, (m: boolean) => void] {
  const [muted, set] = useState(isMuted);
  useEffect(() => {
    listeners.add(set);
    return () => void listeners.delete(set);
  }, []);
  return [muted, setMuted];
}

/** The context, created on first use; browsers start it only after a click or key press on the page. */
function audio(): AudioContext | null {
  if (isMuted() || typeof AudioContext === "undefined") return null;
  ctx ??= new AudioContext();
  if (ctx.state === "suspended") void ctx.resume();
  return ctx;
}

/** One soft note: a sine (or triangle) with a short attack and an exponential fade. */
function note(freq: number, at: number, length: number, volume = 0.12, type: OscillatorType = "triangle") {
  const a = audio();
  if (!a) return;
  const t = a.currentTime + at;
  const osc = a.createOscillator();
  const gain = a.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(volume, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + length);
  osc.connect(gain).connect(a.destination);
  osc.start(t);
  osc.stop(t + length + 0.05);
}

const hz = (semitones: number) => 440 * 2 ** (semitones / 12);

/** A tick for each of the last seconds; higher for the very last ones. */
export const tick = (secondsLeft: number) => note(secondsLeft <= 3 ? hz(12) : hz(7), 0, 0.08, 0.1, "square");

/** The reveal: a rising major arpeggio. */
export function revealCue(): void {
  [0, 4, 7, 12].forEach((s, i) => note(hz(s + 3), i * 0.09, 0.5, 0.14));
}

/** The podium: a short fanfare. */
export function fanfare(): void {
  [0, 4, 7, 12, 7, 12].forEach((s, i) => note(hz(s + 3), i * 0.14, i === 5 ? 1 : 0.3, 0.14));
}

// The lobby loop: an eight-note pattern over two chords, scheduled a bar at a time.
const PATTERN = [0, 7, 12, 7, 4, 11, 16, 11, -3, 4, 9, 4, -1, 7, 11, 7];
let loop: ReturnType<typeof setInterval> | undefined;

export function startLoop(): void {
  if (loop !== undefined || isMuted()) return;
  const bar = () => PATTERN.forEach((s, i) => note(hz(s - 9), i * 0.25, 0.22, 0.05));
  bar();
  loop = setInterval(bar, PATTERN.length * 250);
}

export function stopLoop(): void {
  clearInterval(loop);
  loop = undefined;
}
