import type BetterSqlite3 from 'better-sqlite3';

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

function truncate(raw: BetterSqlite3.Database): boolean {
  const [row] = raw.pragma('wal_checkpoint(TRUNCATE)') as CheckpointRow[];
  return row !== undefined && row.busy === 0 && row.log === 0;
}

/**
 * Fold the write-ahead log into the main file and leave no trace of past commits beside it.
 *
 * The -wal file holds pages in commit order, so while a poll is open commit k holds the k-th
 * ballot; a TRUNCATE checkpoint copies the pages home and cuts the file to zero bytes. The
 * wal-index (-shm) still maps each past frame to the page it wrote until SQLite reuses the
 * slot; the first frame of a restarted log makes SQLite zero the first hash block, so one
 * small write (page 1, the header) followed by a second checkpoint leaves it holding only
 * "frame 1 → page 1". Returns false when a reader kept a checkpoint from completing; the
 * caller retries (and start-up always runs it).
 */
export function foldWal(raw: BetterSqlite3.Database): boolean {
  if (!truncate(raw)) return false;
  const version = raw.pragma('user_version', { simple: true }) as number;
  raw.pragma(`user_version = ${version}`);
  return truncate(raw);
}
