import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { LoadClient, type Reply } from './load-client.js';

/**
 * What this machine can do without our code: durable SQLite commits, batched rows, and a
 * bare Node HTTP server under the same load client and concurrency as the vote burst.
 */

/** A row shaped like a ballot: a random 32-hex key and a payload of a nine-target sheet's size. */
const PAYLOAD = JSON.stringify({ kind: 'satisfaction', marks: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`t${i + 1}`, ['satisfied']])) });

function openBaselineDb(dir: string, name: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path.join(dir, name));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, payload TEXT NOT NULL) STRICT, WITHOUT ROWID');
  return db;
}

/** One row per committed transaction (WAL + synchronous=FULL: one fsync each), for `seconds`. */
export function sqliteDurableCommits(dir: string, seconds: number): number {
  const db = openBaselineDb(dir, 'durable.sqlite');
  const ins = db.prepare('INSERT INTO t (id, payload) VALUES (?, ?)');
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    ins.run(crypto.randomBytes(16).toString('hex'), PAYLOAD);
    n++;
  }
  const rate = n / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

/** Rows per second in transactions of `batch` rows, for `seconds`. */
export function sqliteBatchedRows(dir: string, seconds: number, batch = 50): number {
  const db = openBaselineDb(dir, 'batched.sqlite');
  const ins = db.prepare('INSERT INTO t (id, payload) VALUES (?, ?)');
  const tx = db.transaction(() => {
    for (let i = 0; i < batch; i++) ins.run(crypto.randomBytes(16).toString('hex'), PAYLOAD);
  });
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    tx();
    n += batch;
  }
  const rate = n / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

/** The child process side: a bare HTTP server that parses a small JSON POST and answers JSON. */
export function runEchoServer(): void {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let ok = true;
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        ok = false;
      }
      const body = JSON.stringify({ ok });
      res.writeHead(ok ? 200 : 400, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  // The same socket limits as the voter listener, so idle pre-connected sockets live as long.
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.maxConnections = 8000;
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    process.stdout.write(`echo: ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  // The parent may die without a signal; do not outlive it.
  process.on('disconnect', () => process.exit(0));
}

export interface EchoResult {
  req_per_s: number;
  concurrency: number;
  bursts: number;
  errors: number;
  burst_ms: number[];
}

/**
 * `concurrency` keep-alive connections, each sending one small JSON POST at once, `bursts`
 * times: requests answered / time from first send to last answer, summed over the bursts.
 */
export async function httpEcho(bundle: string, concurrency: number, bursts: number): Promise<EchoResult> {
  const child = spawn(process.execPath, [bundle, '--echo-server'], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('echo server did not start')), 15_000);
      child.once('exit', (code) => reject(new Error(`echo server exited with ${code}`)));
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^echo: (\d+)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    const client = new LoadClient({ port, deadlineMs: 120_000, timeoutMs: 30_000 });
    try {
      const conns = await client.connections(concurrency);
      const body = JSON.stringify({ pollId: 1, receipt: '0123456789ABCDEF', ballot: JSON.parse(PAYLOAD) });
      const headers = { Authorization: 'Credential ABCDEFGH', 'Content-Type': 'application/json' };
      // Warm up: one round so every socket has served a request, as the voters' state fetch does.
      await Promise.all(conns.map((c) => c.request('POST', '/echo', headers, body)));
      let answered = 0;
      let errors = 0;
      let total = 0;
      const burstMs: number[] = [];
      for (let b = 0; b < bursts; b++) {
        const t0 = performance.now();
        const replies: Reply[] = await Promise.all(conns.map((c) => c.request('POST', '/echo', headers, body)));
        const last = Math.max(...replies.map((r) => r.at));
        burstMs.push(last - t0);
        total += last - t0;
        for (const r of replies) {
          if (r.status === 200) answered++;
          else errors++;
        }
      }
      return { req_per_s: answered / (total / 1000), concurrency, bursts, errors, burst_ms: burstMs };
    } finally {
      client.close();
    }
  } finally {
    child.kill('SIGTERM');
  }
}
