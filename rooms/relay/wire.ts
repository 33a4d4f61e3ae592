// What the root (rooms/live/room.ts) and its relays (relay.ts) say to each other over Durable
// Object RPC (docs/protocol.md "Root and relays"). Both ends are this codebase, so these are types,
// not zod: nothing here comes from a client. Frames travel already serialised: the root serialises
// each message once and every relay sends the same string to its sockets.

/**
 * One thing the root wants a relay's sockets to get, in the order the root sent them. `clock`: the
 * entry shows a question; the relay times its players' frames from the feed that carried it (see
 * `Relayed`), not from later feeds that a busy relay may take late.
 */
export type FeedEntry =
  /** Every socket of the relay with one of these tags, except those seats. */
  | { to: "tags"; tags: string[]; data: string; except?: string[]; clock?: true }
  /** One seat's socket(s); `close` closes them after the frame. */
  | { to: "seat"; id: string; data: string; close?: { code: number; reason: string }; clock?: true }
  /**
   * The answer to a socket's attach: its first frames (welcome, phase, probe) or a refusal and
   * a close. Until it arrives the socket is pending and hears no broadcast: everything before it
   * in the feed is older than the welcome.
   */
  | { to: "attach"; id: string; frames: string[]; close?: { code: number; reason: string } }
  /** The game is cleaned up: every socket closes. */
  | { to: "closeAll"; code: number; reason: string };

/** One RPC of the feed: what the root has for this relay since the last one. */
export interface Feed {
  /** The root's run (a fresh id per instance); `seq` counts entries of this relay across runs. */
  root: string;
  /** The seq of the first entry; entries are numbered contiguously per relay. */
  seq: number;
  /** The root's clock when it sent this: the relay's anchor for durations (wire.ts `Relayed`). */
  sentAt: number;
  entries: FeedEntry[];
}

export interface FeedReply {
  /** Since when (the relay's clock) the relay has held its current set of sockets: older attaches are gone. */
  since: number;
}

/**
 * A player's frame passed up, or their socket's end. The time it arrived is given as a duration
 * since the relay applied the latest feed that showed a question (`anchor`: that feed's `sentAt`
 * on the root's clock), so the root needs no trust in the relay's clock: an answer counts from
 * when the question reached the player's relay.
 */
export type Relayed =
  | { id: string; data: string; anchor: number; age: number }
  | { id: string; left: true; stamp: number }
  /**
   * A socket the relay accepted, to be seated (pending until the feed's `attach` entry). It rides
   * with the frames, so a join wave costs the root one call per batch, not one per socket.
   * `token`: a seat this socket took itself (a join over the socket): its welcome carries it.
   */
  | { id: string; attach: true; gameId: string; token?: string };

export interface Batch {
  relay: string;
  /** The relay's `since` (FeedReply). */
  since: number;
  /** Sent again after a call that failed: a duplicate answer is acknowledged, not refused. */
  retry: boolean;
  msgs: Relayed[];
}

/** A relayed socket to seat, as the root reads it from a batch. */
export interface Attach {
  relay: string;
  playerId: string;
  gameId: string;
  /** The relay's `since`. */
  stamp: number;
  token?: string;
}

/** What the worker asks the root before placing a socket (cached a few seconds per code). */
export interface RelayPlan {
  mode: "off" | "auto" | "force";
  /** Sockets per relay before another shard opens. */
  perRelay: number;
  players: number;
  rootHint: string | null;
}
