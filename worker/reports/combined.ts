// Several games as one report (pure): each student once, recognised by their account, else by the
// "name or student ID" they gave, else by their nickname; their score and right answers per game
// and over all the games they played.
import type { CombinedReport, CombinedRow, GameHeader } from "../../schema/students.ts";
import type { GameRow, PlayerRow } from "./build.ts";
import { gradable, needsHelp } from "./insights.ts";
import { ratio } from "./stats.ts";

export interface CombinedInput {
  game: GameRow;
  players: readonly PlayerRow[];
}

/** The same student ID however it was typed: surrounding spaces, width and case do not matter. */
export const sameStudentId = (id: string) => id.normalize("NFKC").trim().toLowerCase();

export function identity(p: Pick<PlayerRow, "userId" | "studentId" | "nickname">): {
  key: string;
  matchedBy: CombinedRow["matchedBy"];
} {
  if (p.userId) return { key: `u:${p.userId}`, matchedBy: "account" };
  if (p.studentId) return { key: `s:${sameStudentId(p.studentId)}`, matchedBy: "studentId" };
  return { key: `n:${p.nickname.normalize("NFKC").toLowerCase()}`, matchedBy: "nickname" };
}

export function gameHeader(
  g: Pick<GameRow, "id" | "title" | "code" | "status" | "startedAt" | "createdAt" | "playerCount" | "questionCount">,
): GameHeader {
  return {
    id: g.id,
    title: g.title,
    code: g.code,
    status: g.status,
    playedAt: g.startedAt ?? g.createdAt,
    playerCount: g.playerCount,
    questionCount: g.questionCount,
  };
}

export function combineGames(
  input: readonly CombinedInput[],
  helpBelow: number,
  accountNames: ReadonlyMap<string, string> = new Map(),
): CombinedReport {
  const ordered = [...input].sort(
    (a, b) =>
      (a.game.startedAt ?? a.game.createdAt) - (b.game.startedAt ?? b.game.createdAt) ||
      (a.game.id < b.game.id ? -1 : 1),
  );
  const rows = new Map<string, CombinedRow>();
  ordered.forEach(({ game, players }, gi) => {
    const total = gradable(game.snapshot);
    for (const p of players) {
      if (p.kicked) continue;
      const { key, matchedBy } = identity(p);
      let row = rows.get(key);
      if (!row) {
        row = {
          key,
          name: p.nickname,
          userId: p.userId,
          studentId: p.studentId,
          matchedBy,
          perGame: ordered.map(() => null),
          correct: 0,
          questions: 0,
          share: null,
          needsHelp: false,
        };
        rows.set(key, row);
      }
      // Two seats of one student in one game (another device without the account): the better one counts.
      const seen = row.perGame[gi];
      if (seen && seen.score >= p.score) continue;
      if (seen) {
        row.correct -= seen.correctCount;
        row.questions -= total;
      }
      // The seat of the latest game names the row (games are in the order played).
      row.name = (p.userId && accountNames.get(p.userId)) || p.nickname;
      row.studentId = p.studentId ?? row.studentId;
      row.perGame[gi] = { playerId: p.playerId, score: p.score, rank: p.rank, correctCount: p.correctCount };
      row.correct += p.correctCount;
      row.questions += total;
    }
  });
  const players = [...rows.values()].map((r) => {
    const share = ratio(r.correct, r.questions);
    return { ...r, share, needsHelp: needsHelp(share, helpBelow) };
  });
  players.sort((a, b) => a.name.localeCompare(b.name) || (a.key < b.key ? -1 : 1));
  return {
    games: ordered.map(({ game }) => ({ ...gameHeader(game), gradable: gradable(game.snapshot) })),
    players,
    helpBelow,
  };
}
