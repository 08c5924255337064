import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/open.js';
import { getPollRow, sealedPollIds } from '../../db/repos/poll.repo.js';
import { AppError } from '../../shared/api/errors.js';
import { DB_FILE_NAME } from '../core/core.js';
import { verifyPoll } from '../core/seal.js';
import { defaultDataDir } from './data-dir.js';

/**
 * `npm run verify -- --data-dir DIR`: recompute every sealed poll result from the stored
 * definition, context and ballots; one line per result, then `verified N results, M mismatches`.
 * Exits 1 when any result does not match.
 */
async function main(): Promise<number> {
  let values;
  try {
    values = parseArgs({ options: { 'data-dir': { type: 'string' } }, strict: true }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n用法 / usage: npm run verify -- [--data-dir DIR]\n`);
    return 2;
  }
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  let opened;
  try {
    opened = await openDatabase(path.join(dataDir, DB_FILE_NAME));
  } catch (err) {
    process.stderr.write(`${err instanceof AppError ? err.message : String(err)}\n`);
    return 2;
  }
  let mismatches = 0;
  const ids = await sealedPollIds(opened.db);
  for (const id of ids) {
    const v = await verifyPoll(opened.db, id);
    const row = await getPollRow(opened.db, id);
    if (!v.ok) mismatches += 1;
    process.stdout.write(`${v.ok ? 'ok      ' : 'MISMATCH'} poll ${id} 第${row?.round ?? '?'}轮 ${row?.title ?? ''} digest ${v.storedDigest.slice(0, 16)} ${v.ok ? '' : `— ${v.message}`}\n`);
  }
  process.stdout.write(`verified ${ids.length} results, ${mismatches} mismatches\n`);
  await opened.close();
  return mismatches > 0 ? 1 : 0;
}

void main().then((code) => process.exit(code));
