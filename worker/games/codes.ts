// Game codes: 6 characters from the look-alike-free alphabet, uniformly random, one space for
// live games and assignments.
import { CODE_ALPHABET, CODE_LENGTH } from "../../schema/game.ts";
import type { Env } from "../env.ts";

export function randomCode(): string {
  // Rejection sampling keeps the distribution uniform (256 is not a multiple of the alphabet size).
  const limit = 256 - (256 % CODE_ALPHABET.length);
  let code = "";
  while (code.length < CODE_LENGTH) {
    for (const b of crypto.getRandomValues(new Uint8Array(CODE_LENGTH * 2))) {
      if (b < limit && code.length < CODE_LENGTH) code += CODE_ALPHABET[b % CODE_ALPHABET.length];
    }
  }
  return code;
}

/** Codes tried before giving up; with 31^6 codes a collision is already rare. */
const CODE_ATTEMPTS = 8;

/**
 * Live games and assignments share one code space: a code is handed out only if the other kind
 * does not hold it (`takenElsewhere`) and this kind's object takes it (`claim`, which refuses a
 * code its object already holds).
 */
export async function allocateCode(
  takenElsewhere: (code: string) => Promise<boolean>,
  claim: (code: string) => Promise<boolean>,
): Promise<string | null> {
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const code = randomCode();
    if (await takenElsewhere(code)) continue;
    if (await claim(code)) return code;
  }
  return null;
}

export function assignmentStub(env: Env, code: string) {
  return env.ASSIGNMENTS.get(env.ASSIGNMENTS.idFromName(code));
}
