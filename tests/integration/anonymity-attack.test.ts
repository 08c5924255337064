import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/domain/polls/canonical.js';
import type { MemberId } from '../../shared/api/schemas.js';
import { seededRandom } from '../../shared/domain/random.js';
import { makeCore, seedTerm, type TestCore } from '../helpers/core.js';
import { concordance, DbFile, readShm, readWal, type Cell, type Value } from '../helpers/sqlite-pages.js';

/**
 * The attack of issue 8, written as an outsider would run it: vote with known arrival order,
 * close the poll, then read the data folder's bytes — every b-tree page of the main file with
 * the byte offset of each cell, the freeblocks, the freelist, the -wal and the -shm — and
 * try to recover the order in which ballots and roll entries arrived, and to pair members
 * with choices. Each voter's score is unique, so a ballot cell names its voter to the test
 * (never to the attacker, who only sees positions). Everything is seeded: a failure replays.
 */

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close().catch(() => {});
  t = null;
});

interface Voter {
  memberId: number;
  arrival: number;
  payload: string;
  receipt: string | null;
  channel: 'device' | 'paper';
}

interface Room {
  t: TestCore;
  pollId: number;
  meetingId: number;
  voters: Voter[];
}

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const scoring = (title: string) => ({
  kind: 'scoring' as const,
  title,
  targets: [{ key: 'bureau', label: '市民政局' }],
  scale: { mode: 'single' as const, min: 0, max: 100, step: 0.01 },
});
const sheet = (score: number) => ({ kind: 'scoring', group: null, scores: { bureau: score } });

/**
 * A meeting of `members`, everyone present; `history` earlier polls of 40 ballots each are
 * voted and closed first; then the attacked poll: `voters` members in a seeded random order,
 * `paper` of them on paper (handed a sheet, entered by the clerk), the rest on devices, in
 * batches of `concurrency` (group commits).
 */
async function vote(opts: { seed: number; members: number; voters: number; history?: number; concurrency?: number; paper?: number; orderSeed?: number; leaveOpen?: boolean }): Promise<Room> {
  const rnd = seededRandom(opts.seed);
  const receiptOf = (n: number) => {
    const r = seededRandom(opts.seed * 100_003 + n);
    return Array.from({ length: 16 }, () => '0123456789ABCDEFGHIJKLMNOPQRSTUV'[Math.floor(r() * 32)]).join('');
  };
  t = await makeCore();
  const tc = t;
  const { term, members } = await seedTerm(tc, opts.members);
  const meeting = await tc.call('meeting.create', { termId: term.id, fields: { number: 7, date: '2026-12-01', place: '第一会议室', status: 'ready' } });
  await tc.call('attendance.set', { meetingId: meeting.id, memberIds: members.map((m) => m.id), status: 'present' });
  const item = await tc.call('agenda.create', { meetingId: meeting.id, fields: { kind: 'work_review', title: '工作评议', bodyId: null, notes: null, voteKind: 'scoring' } });
  const codes = new Map<number, string>((await tc.call('credential.list', { meetingId: meeting.id })).rows.map((c) => [c.memberId, c.code!]));

  const castAll = async (pollId: number, list: { memberId: number; payload: unknown; receipt: string }[], concurrency: number) => {
    for (let i = 0; i < list.length; i += concurrency) {
      await Promise.all(
        list.slice(i, i + concurrency).map((v) => tc.core.voter.cast(tc.core.voter.authenticate(codes.get(v.memberId)!), { pollId, receipt: v.receipt, ballot: v.payload })),
      );
    }
  };

  for (let h = 0; h < (opts.history ?? 0); h++) {
    // Two rows, so no earlier ballot can equal one of the attacked poll's.
    const p = await tc.call('poll.create', {
      agendaItemId: item.id,
      definition: { ...scoring(`往次评议${h + 1}`), targets: [{ key: 'bureau', label: '市民政局' }, { key: 'office', label: '市信访局' }] },
    });
    await tc.call('poll.open', { id: p.id });
    const who = shuffle(members, rnd).slice(0, 40);
    await castAll(
      p.id,
      who.map((m, i) => ({ memberId: m.id, payload: { kind: 'scoring', group: null, scores: { bureau: Math.floor(rnd() * 10000) / 100, office: 50 } }, receipt: receiptOf(1_000 * (h + 1) + i) })),
      8,
    );
    await tc.call('poll.close', { id: p.id });
  }

  const poll = await tc.call('poll.create', { agendaItemId: item.id, definition: scoring('本次评议') });
  await tc.call('poll.open', { id: poll.id });
  // Who votes and what each chooses come from `seed`; the order they arrive in from `orderSeed`
  // (the same seed unless given), so two runs can differ in arrival order alone.
  const chosen = shuffle(members, rnd).slice(0, opts.voters);
  const scores = shuffle(
    Array.from({ length: 10001 }, (_, i) => i / 100),
    rnd,
  ).slice(0, opts.voters);
  const paperCount = opts.paper ?? 0;
  const onPaper = new Set(shuffle(chosen.map((m) => m.id), rnd).slice(0, paperCount));
  const choice = new Map(chosen.map((m, i) => [m.id, { score: scores[i]!, receipt: receiptOf(i) }]));
  // Paper voters are spread through the arrival order, as they would be in a room.
  const order = opts.orderSeed === undefined ? chosen : shuffle(chosen, seededRandom(opts.orderSeed));
  const voters: Voter[] = order.map((m, i) => ({
    memberId: m.id,
    arrival: i,
    payload: canonicalJson(sheet(choice.get(m.id)!.score)),
    receipt: onPaper.has(m.id) ? null : choice.get(m.id)!.receipt,
    channel: onPaper.has(m.id) ? 'paper' : 'device',
  }));
  for (const v of voters.filter((x) => x.channel === 'paper')) await tc.call('paperBallot.handOut', { pollId: poll.id, memberIds: [v.memberId as MemberId] });
  const concurrency = opts.concurrency ?? 1;
  let pending: Voter[] = [];
  const flush = async () => {
    await castAll(poll.id, pending.map((v) => ({ memberId: v.memberId, payload: JSON.parse(v.payload) as unknown, receipt: v.receipt! })), concurrency);
    pending = [];
  };
  for (const v of voters) {
    if (v.channel === 'device') {
      pending.push(v);
      continue;
    }
    await flush();
    await tc.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: JSON.parse(v.payload) as never });
  }
  await flush();
  if (!opts.leaveOpen) await tc.call('poll.close', { id: poll.id });
  return { t: tc, pollId: poll.id, meetingId: meeting.id, voters };
}

interface Found {
  tree: string;
  cell: Cell;
  voter: Voter;
}

interface Report {
  /** Within-page concordance of cell offsets with arrival, per b-tree and kind of cell. */
  orders: { tree: string; kind: 'ballot' | 'roll' | 'receipt'; cells: number; fraction: number; sigma: number; global: number }[];
  /** Largest number of correct member → choice pairs over the attacker's strategies. */
  links: number;
  /** Cells, freeblocks and non-zero gap bytes (stale cell pointers) left in the staging tables. */
  stagingResidue: number;
  residue: Record<string, { cells: number; freeblocks: number; gapBytes: number; pages: number }>;
  /** Freelist pages with anything but zeros beyond their trunk header. */
  dirtyFreePages: number;
  /** Ballots whose stored record, payload aside, sets them apart from the others. */
  singledOut: number;
  payloadCopies: number[];
  wal: { size: number; frames: number; voting: number };
  /** wal-index slots that still map a frame beyond the WAL's current end to a page. */
  staleShmSlots: number;
}

const VOTING_TABLES = /ballot|voter|roll|receipt|stage|sheet|named|entitled/;
const STAGING = /stage|sheet/;

function attack(room: Room, file?: string): Report {
  const dbPath = file ?? room.t.core.dbFile;
  const db = new DbFile(dbPath);
  const byPayload = new Map(room.voters.map((v) => [v.payload, v]));
  const byReceipt = new Map(room.voters.filter((v) => v.receipt).map((v) => [v.receipt!, v]));
  const byMember = new Map(room.voters.map((v) => [v.memberId, v]));
  const found: Record<'ballot' | 'roll' | 'receipt', Found[]> = { ballot: [], roll: [], receipt: [] };
  const touched = new Set<string>();
  const trees = db.btrees();
  // First pass: the ballot cells, and the unique text values that key them (a random id).
  const ballotKeys = new Map<string, Voter>();
  const tableOf = (name: string) => trees.find((x) => x.name === name);
  for (const tree of trees) {
    for (const page of tree.pages) {
      for (const cell of page.cells) {
        const payload = cell.values.find((x): x is string => typeof x === 'string' && byPayload.has(x));
        if (!payload) continue;
        for (const x of cell.values) {
          if (typeof x === 'string' && x !== payload && x.length >= 16 && !byReceipt.has(x)) {
            for (const other of trees) if (other !== tree && other !== tableOf('sqlite_schema')) ballotKeys.set(`${other.name}|${x}`, byPayload.get(payload)!);
          }
        }
      }
    }
  }
  for (const tree of trees) {
    if (tree.name !== 'sqlite_schema' && VOTING_TABLES.test(tree.name)) touched.add(tree.name);
    for (const page of tree.pages) {
      for (const cell of page.cells) {
        const v = cell.values;
        const payload = v.find((x): x is string => typeof x === 'string' && byPayload.has(x));
        if (payload) {
          found.ballot.push({ tree: tree.name, cell, voter: byPayload.get(payload)! });
          touched.add(tree.name);
          continue;
        }
        // A cell that carries a ballot's key (an index of the ballot table) names that ballot too.
        const key = v.find((x): x is string | number => (typeof x === 'string' || typeof x === 'number') && ballotKeys.has(`${tree.name}|${x}`));
        if (key !== undefined) {
          found.ballot.push({ tree: tree.name, cell, voter: ballotKeys.get(`${tree.name}|${key}`)! });
          touched.add(tree.name);
          continue;
        }
        const receipt = v.find((x): x is string => typeof x === 'string' && byReceipt.has(x));
        if (receipt) {
          found.receipt.push({ tree: tree.name, cell, voter: byReceipt.get(receipt)! });
          touched.add(tree.name);
          continue;
        }
        // A roll-like record: keyed by the poll, with a member who voted.
        if (v.length <= 4 && v[0] === room.pollId) {
          const member = v.find((x, i) => i > 0 && typeof x === 'number' && byMember.has(x));
          if (member !== undefined) {
            found.roll.push({ tree: tree.name, cell, voter: byMember.get(member as number)! });
            touched.add(tree.name);
          }
        }
      }
    }
  }

  const orders: Report['orders'] = [];
  for (const kind of ['ballot', 'roll', 'receipt'] as const) {
    const trees = new Set(found[kind].map((f) => f.tree));
    for (const tree of trees) {
      const cells = found[kind].filter((f) => f.tree === tree);
      const pages = new Map<number, { arrival: number; position: number }[]>();
      for (const f of cells) {
        const list = pages.get(f.cell.page) ?? [];
        // Lower offset = written later.
        list.push({ arrival: f.voter.arrival, position: -f.cell.offset });
        pages.set(f.cell.page, list);
      }
      const within = concordance([...pages.values()]);
      const global = concordance([cells.map((f) => ({ arrival: f.voter.arrival, position: f.cell.page * 65536 - f.cell.offset }))]);
      orders.push({ tree, kind, cells: cells.length, fraction: within.fraction, sigma: within.sigma, global: global.fraction });
    }
  }

  // Pair the k-th roll entry with the k-th ballot under each ordering an attacker could try.
  const strategies: ((f: Found) => number)[] = [
    (f) => f.cell.page * 65536 - f.cell.offset, // file order, later writes lower in a page
    (f) => -f.cell.offset, // offset alone
    (f) => f.cell.page * 65536 + f.cell.index, // key order
  ];
  let links = 0;
  const rollTrees = new Set(found.roll.map((f) => f.tree));
  const ballotTrees = new Set(found.ballot.map((f) => f.tree));
  for (const rt of rollTrees) {
    for (const bt of ballotTrees) {
      for (const key of strategies) {
        const r = found.roll.filter((f) => f.tree === rt).sort((a, b) => key(a) - key(b));
        const b = found.ballot.filter((f) => f.tree === bt).sort((a, b) => key(a) - key(b));
        let hits = 0;
        for (let k = 0; k < Math.min(r.length, b.length); k++) if (r[k]!.voter === b[k]!.voter) hits++;
        links = Math.max(links, hits);
      }
    }
  }

  // Staging (what held the poll while it was open) must be empty pages: no cell, no freeblock,
  // nothing in the gap where the cell pointer array was. Sealed tables are checked below by
  // comparing their bytes across arrival orders, since b-tree balancing leaves freeblocks there.
  let stagingResidue = 0;
  const residue: Record<string, { cells: number; freeblocks: number; gapBytes: number; pages: number }> = {};
  for (const tree of trees.filter((x) => touched.has(x.name))) {
    const r = (residue[tree.name] = { cells: 0, freeblocks: 0, gapBytes: 0, pages: tree.pages.length });
    for (const page of tree.pages) {
      r.cells += page.cells.filter((c) => c.values[0] === room.pollId).length;
      r.freeblocks += page.freeblocks.length;
      r.gapBytes += page.gap.filter((b) => b !== 0).length;
    }
    if (STAGING.test(tree.name)) stagingResidue += r.cells + r.freeblocks + r.gapBytes;
  }
  let dirtyFreePages = 0;
  const trunks = new Set<number>();
  let trunk = db.buf.readUInt32BE(32);
  while (trunk !== 0 && !trunks.has(trunk)) {
    trunks.add(trunk);
    trunk = Buffer.from(db.page(trunk)).readUInt32BE(0);
  }
  for (const no of db.freelist()) {
    const page = Buffer.from(db.page(no));
    if (!trunks.has(no)) {
      if (page.some((b) => b !== 0)) dirtyFreePages++;
      continue;
    }
    // A trunk page is a list of page numbers; SQLite leaves used-up slots as they were, so
    // every word must be a page number (or zero) — never content.
    for (let off = 8; off + 4 <= page.length; off += 4) {
      if (page.readUInt32BE(off) > db.pageCount) {
        dirtyFreePages++;
        break;
      }
    }
  }

  // Singled out: a ballot record whose other columns (value for low-cardinality columns,
  // storage class for the rest) differ from those of the ballots around it.
  const classOf = (x: Value) => (x === null ? 'null' : typeof x === 'string' ? 'text' : x instanceof Uint8Array ? 'blob' : 'int');
  let singledOut = 0;
  for (const bt of ballotTrees) {
    const cells = found.ballot.filter((f) => f.tree === bt);
    const width = Math.max(...cells.map((f) => f.cell.values.length));
    const distinct = Array.from({ length: width }, (_, i) => new Set(cells.map((f) => String(f.cell.values[i]))).size);
    const sig = (f: Found) =>
      f.cell.values
        .map((x, i) => (typeof x === 'string' && x === f.voter.payload ? 'payload' : distinct[i]! > cells.length / 2 ? classOf(x) : `${classOf(x)}:${String(x)}`))
        .join('|');
    const groups = new Map<string, Found[]>();
    for (const f of cells) groups.set(sig(f), [...(groups.get(sig(f)) ?? []), f]);
    for (const g of groups.values()) {
      if (g.length < cells.length && g.every((f) => f.voter.channel === g[0]!.voter.channel)) singledOut = Math.max(singledOut, g.filter((f) => f.voter.channel === 'paper').length);
    }
  }

  const wal = readWal(`${dbPath}-wal`);
  const shm = readShm(`${dbPath}-shm`);
  // After the fold, slot 0 may still say "frame 1 → page 1" (the header page written to restart
  // the log); any other slot beyond the log's end would map a past commit to a page.
  const staleShmSlots = shm ? shm.pgno.filter((p, i) => i >= shm.mxFrame && p !== 0 && p !== 1).length : 0;
  return {
    orders,
    links,
    stagingResidue,
    residue,
    dirtyFreePages,
    singledOut,
    payloadCopies: [...new Set(room.voters.map((v) => db.count(v.payload)))].sort(),
    wal: {
      size: wal.size,
      frames: wal.frames.length,
      // Frames that hold any of the poll's ballots or receipts: a commit-ordered copy of them.
      voting: wal.frames.filter((f) => {
        const page = Buffer.from(f.data);
        return room.voters.some((v) => page.includes(v.payload) || (v.receipt !== null && page.includes(v.receipt)));
      }).length,
    },
    staleShmSlots,
  };
}

/** Chance: every ordering within 4 standard deviations of a coin toss, and no more links than a random pairing gives. */
function expectChance(r: Report, voters: number) {
  const summary = JSON.stringify(r, null, 1);
  for (const o of r.orders) {
    expect(Math.abs(o.fraction - 0.5), `${o.kind} cells of ${o.tree} keep arrival order within pages\n${summary}`).toBeLessThanOrEqual(Math.max(4 * o.sigma, 0.02));
    expect(Math.abs(o.global - 0.5), `${o.kind} cells of ${o.tree} keep arrival order across pages\n${summary}`).toBeLessThanOrEqual(0.2);
  }
  // A random pairing of n members with n ballots gets about one right (Poisson(1): P(≥ 7) < 1e-4).
  expect(r.links, `member → choice links recovered\n${summary}`).toBeLessThan(7);
  expect(r.stagingResidue, `staging tables keep traces of the poll\n${summary}`).toBe(0);
  expect(r.dirtyFreePages, `free pages not zeroed\n${summary}`).toBe(0);
  expect(r.singledOut, `paper ballots singled out\n${summary}`).toBe(0);
  expect(r.payloadCopies, `each ballot is stored once\n${summary}`).toEqual([1]);
  expect(r.wal.voting, `WAL frames still hold the poll's ballots\n${summary}`).toBe(0);
  expect(r.staleShmSlots, `-shm still maps old frames to pages\n${summary}`).toBe(0);
  expect(r.orders.some((o) => o.kind === 'ballot' && o.cells === voters)).toBe(true);
}

/**
 * The sealed tables' pages in tree order, child page numbers masked: what the bytes say apart
 * from where the pages happen to sit in the file.
 */
function sealedPages(file: string, names: readonly string[]): Map<string, string[]> {
  const db = new DbFile(file);
  const out = new Map<string, string[]>();
  for (const tree of db.btrees().filter((x) => names.includes(x.name))) {
    out.set(
      tree.name,
      tree.pages.map((p) => {
        const bytes = Buffer.from(db.page(p.page));
        if (p.type.endsWith('interior')) {
          bytes.fill(0, 8, 12);
          for (const c of p.cells) bytes.fill(0, c.offset, c.offset + 4);
        }
        return bytes.toString('hex');
      }),
    );
  }
  return out;
}

describe('storage-level anonymity (attack on the data folder)', () => {
  it('the sealed tables are byte for byte the same whatever order the same ballots arrived in', { timeout: 120_000 }, async () => {
    const SEALED = ['ballot', 'poll_voter', 'poll_receipt', 'poll_entitled', 'named_vote'];
    const runs: Map<string, string[]>[] = [];
    for (const orderSeed of [11, 12]) {
      const room = await vote({ seed: 7, members: 120, voters: 110, history: 2, concurrency: 6, paper: 3, orderSeed });
      const file = room.t.core.dbFile;
      await room.t.close();
      t = null;
      runs.push(sealedPages(file, SEALED));
    }
    expect([...runs[0]!.keys()].sort()).toEqual([...SEALED].sort());
    for (const name of SEALED) {
      const [a, b] = [runs[0]!.get(name)!, runs[1]!.get(name)!];
      expect(b.length, `${name}: page count`).toBe(a.length);
      a.forEach((page, i) => expect(b[i] === page, `${name}: page ${i + 1} of ${a.length} differs between arrival orders`).toBe(true));
    }
  });

  it('45 members voting one after another: no order, no link, after close and after a clean stop', async () => {
    const room = await vote({ seed: 45, members: 45, voters: 45 });
    const afterClose = attack(room);
    expectChance(afterClose, 45);
    // Right after close the log is folded: empty.
    expect(afterClose.wal.frames).toBe(0);
    await room.t.call('poll.release', { id: room.pollId });
    expectChance(attack(room), 45);
    const file = room.t.core.dbFile;
    await room.t.close();
    t = null;
    // A clean stop removes -wal and -shm; the main file alone must still be clean.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expectChance(attack(room, file), 45);
  });

  it('a copy taken with VACUUM INTO while a poll is still open carries no arrival order', async () => {
    const room = await vote({ seed: 46, members: 60, voters: 60, concurrency: 1, paper: 2, leaveOpen: true });
    const copy = path.join(path.dirname(room.t.core.dbFile), 'copy.sqlite');
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const raw = new BetterSqlite3(room.t.core.dbFile, { readonly: true });
    raw.prepare('VACUUM INTO ?').run(copy);
    raw.close();
    const r = attack(room, copy);
    // Staged rows are in the copy (the poll is open), in key order: no arrival order, no pairs.
    expect(r.orders.some((o) => o.tree === 'ballot_stage' && o.cells === 58)).toBe(true);
    for (const o of r.orders) expect(Math.abs(o.fraction - 0.5), `${o.kind} cells of ${o.tree}\n${JSON.stringify(r, null, 1)}`).toBeLessThanOrEqual(Math.max(4 * o.sigma, 0.02));
    expect(r.links).toBeLessThan(7);
  });

  it('300 members voting in concurrent bursts, with earlier polls in the file', { timeout: 120_000 }, async () => {
    const room = await vote({ seed: 300, members: 320, voters: 300, history: 3, concurrency: 12 });
    expectChance(attack(room), 300);
  });

  it('a poll with one paper ballot among device ballots does not single out the paper voter', async () => {
    const room = await vote({ seed: 1, members: 45, voters: 45, paper: 1 });
    const r = attack(room);
    expectChance(r, 45);
    // Everyone who took part is on the roll, whatever the channel; the channels are only counted.
    const result = await room.t.call('poll.result', { id: room.pollId });
    expect(result.result.sheets).toMatchObject({ returned: 45, device: 44, issued: 1, paperReturned: 1 });
    const dir = path.dirname(room.t.core.dbFile);
    // The lock names the process that holds the folder, nothing of a poll.
    expect(fs.readdirSync(dir).filter((f) => !/^committee-desk\.(sqlite(-wal|-shm)?|lock)$|^papers$|^backups$/.test(f))).toEqual([]);
  });
});
