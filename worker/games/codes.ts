// Game codes: 6 characters from the look-alike-free alphabet, uniformly random.
import { CODE_ALPHABET, CODE_LENGTH } from "../../schema/game";

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
