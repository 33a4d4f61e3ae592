// The game code's alphabet without zod, so the player's page can check a code without the schema library.
/** 6 characters from an alphabet without look-alikes: no 0/O, 1/I/L. */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CODE_LENGTH = 6;
