import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/api/errors.js';
import { createCore } from '../core/core.js';
import { localDate } from '../../shared/domain/supervision/dates.js';
import { startConsoleServer } from './console-server.js';
import { defaultDataDir } from './data-dir.js';
import { startVoterServer, type VoterServer } from './voter-server.js';

/**
 * Host mode: the same core as the desktop app, with the console served on 127.0.0.1 to a
 * browser. Prints `console: <url>` once it is ready.
 */
const DEFAULT_PORT = 8730;
const USAGE = '用法 / usage: npm run host -- [--data-dir DIR] [--port N] [--demo] [--voter-host ADDR] [--voter-port N] [--no-voter]';
const DEFAULT_VOTER_PORT = 8731;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readVersion(here: string): string {
  for (const p of ['../../package.json', '../package.json']) {
    try {
      return (JSON.parse(fs.readFileSync(path.resolve(here, p), 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout (bundled vs. source)
    }
  }
  return '0.0.0';
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        demo: { type: 'boolean', default: false },
        'static-dir': { type: 'string' },
        'voter-host': { type: 'string' },
        'voter-port': { type: 'string' },
        'voter-rate-per-address': { type: 'string' },
        'no-voter': { type: 'boolean', default: false },
        // Test-only: run the core's clock from this date (YYYY-MM-DD) onwards, e.g. to see what
        // is overdue next year. Not in the usage line; docs/testing.md says what it is for.
        'test-clock': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dataDir = path.resolve(args['data-dir'] ?? defaultDataDir());
  const portGiven = args.port !== undefined;
  const port = portGiven ? Number(args.port) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`端口无效：${args.port}\n${USAGE}`);
  const staticDir = path.resolve(args['static-dir'] ?? path.join(here, '../renderer'));
  if (!fs.existsSync(path.join(staticDir, 'console', 'index.html'))) {
    fail(`控制台界面尚未构建（找不到 ${staticDir}/console/index.html）：请先运行 npm run build。`);
  }

  let clock: (() => Date) | undefined;
  if (args['test-clock'] !== undefined) {
    const start = Date.parse(`${args['test-clock']}T09:00:00`);
    // A date that does not exist (2027-02-30) would roll over silently: refuse it.
    const real = !Number.isNaN(start) && localDate(new Date(start)) === args['test-clock'];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(args['test-clock']) || !real) fail(`--test-clock 应为存在的日期 YYYY-MM-DD：${args['test-clock']}`);
    const offset = start - Date.now();
    clock = () => new Date(Date.now() + offset);
    process.stderr.write(`test clock: the core's date runs from ${args['test-clock']} (test-only option)\n`);
  }

  const core = await createCore({
    dataDir,
    ...(clock ? { clock } : {}),
    version: readVersion(here),
    platform: { mode: 'host', openFile: async () => false },
  }).catch((err: unknown) => {
    if (err instanceof AppError) fail(err.message);
    throw err;
  });

  if (args.demo) {
    const info = await core.dispatch('app.info', {}, { transport: 'internal' });
    if (info.ok && (info.value as { empty: boolean }).empty) {
      const r = await core.dispatch('demo.load', {}, { transport: 'internal' });
      if (!r.ok) fail(`载入示例数据失败：${r.error.message}`);
      process.stdout.write('demo: 已载入示例数据\n');
    }
  }

  const token = crypto.randomBytes(24).toString('hex');
  const start = (p: number) => startConsoleServer({ core, port: p, token, staticDir, log: (l) => process.stderr.write(`${l}\n`) });
  let server;
  try {
    server = await start(port);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && !portGiven) server = await start(0);
    else fail(`无法在 127.0.0.1:${port} 上监听：${(err as Error).message}`);
  }

  let voter: VoterServer | null = null;
  if (!args['no-voter']) {
    const voterPortGiven = args['voter-port'] !== undefined;
    const voterPort = voterPortGiven ? Number(args['voter-port']) : DEFAULT_VOTER_PORT;
    if (!Number.isInteger(voterPort) || voterPort < 0 || voterPort > 65535) fail(`投票端口无效：${args['voter-port']}\n${USAGE}`);
    const perAddress = args['voter-rate-per-address'] ? Number(args['voter-rate-per-address']) : undefined;
    const startVoter = (p: number) =>
      startVoterServer({
        core,
        host: args['voter-host'] ?? '0.0.0.0',
        port: p,
        staticDir: path.resolve(args['static-dir'] ?? path.join(here, '../renderer'), '..', 'voter'),
        ...(perAddress ? { limits: { perAddress: [perAddress, perAddress * 2] as [number, number] } } : {}),
        log: (l) => process.stderr.write(`${l}\n`),
      });
    try {
      voter = await startVoter(voterPort);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && !voterPortGiven) voter = await startVoter(0);
      else fail(`无法在 ${args['voter-host'] ?? '0.0.0.0'}:${voterPort} 上启动投票服务：${(err as Error).message}`);
    }
  }

  process.stdout.write(`data: ${dataDir}\n`);
  if (voter) process.stdout.write(`voter: ${voter.urls.join(' ')}\n`);
  process.stdout.write(`console: ${server.url}\n`);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    void (voter ? voter.close() : Promise.resolve())
      .then(() => server.close())
      .then(() => core.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
