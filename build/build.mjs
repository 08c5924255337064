// Builds everything the app and host mode run from:
//   dist/renderer/          the React views (vite; skipped when already up to date)
//   dist/voter/             the voter app for members' devices (vite; skipped when up to date)
//   dist/electron/main.cjs  Electron main process
//   dist/electron/preload.cjs
//   dist/host/host.mjs      host mode (plain Node, browser console)
//   dist/host/verify.mjs    recomputes every sealed poll result (npm run verify)
//   dist/*/render-worker.*  lays out report files off the main loop (beside main.cjs, host.mjs, bench.mjs)
//   dist/bench/bench.mjs    the benchmark (npm run bench)
// Usage: node build/build.mjs [--force] [--no-renderer]   (--no-renderer skips dist/renderer and dist/voter)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const force = args.has('--force');
const skipRenderer = args.has('--no-renderer');

function fail(message) {
  console.error(`build failed: ${message}`);
  process.exit(1);
}

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

/** Newest mtime among the renderer's inputs, oldest among its outputs. */
function rendererIsFresh(outDir) {
  let oldestOutput = Infinity;
  let outputs = 0;
  for (const file of walk(outDir)) {
    outputs += 1;
    oldestOutput = Math.min(oldestOutput, statSync(file).mtimeMs);
  }
  if (outputs === 0 || !existsSync(path.join(outDir, 'console', 'index.html'))) return false;
  const inputs = [
    ...walk(path.join(root, 'renderer')),
    ...walk(path.join(root, 'shared')),
    path.join(root, 'vite.config.ts'),
    // A dependency upgrade changes the bundle too.
    path.join(root, 'package-lock.json'),
  ];
  for (const file of inputs) {
    if (existsSync(file) && statSync(file).mtimeMs > oldestOutput) return false;
  }
  return true;
}

async function buildRenderer() {
  const outDir = path.join(root, 'dist', 'renderer');
  if (!existsSync(path.join(root, 'renderer', 'console', 'index.html'))) {
    fail('renderer/console/index.html is missing; the console cannot be built');
  }
  if (!force && rendererIsFresh(outDir)) {
    console.log('renderer: up to date (dist/renderer), skipped; use --force to rebuild');
    return;
  }
  const started = performance.now();
  const { build } = await import('vite');
  try {
    await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  } catch (err) {
    fail(`renderer (vite): ${err instanceof Error ? err.message : String(err)}`);
  }
  console.log(`renderer: built into dist/renderer in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** True when `outDir` has `marker` and every output is newer than every input. */
function outputsAreFresh(outDir, marker, inputs) {
  if (!existsSync(path.join(outDir, marker))) return false;
  let oldestOutput = Infinity;
  for (const file of walk(outDir)) oldestOutput = Math.min(oldestOutput, statSync(file).mtimeMs);
  return inputs.every((file) => !existsSync(file) || statSync(file).mtimeMs <= oldestOutput);
}

/** What members' devices load must stay small: tablets on a crowded room Wi-Fi. */
const VOTER_BUDGET_BYTES = 60 * 1024;
/** APIs newer than Chrome 61 / Safari 11 that the voter app must not call (the target lowers syntax, not APIs). */
const VOTER_NEWER_APIS = /\.(at|replaceAll|flat|flatMap|finally|matchAll|trimStart|trimEnd|replaceChildren|randomUUID)\(|\b(structuredClone|globalThis|AbortController|queueMicrotask)\b|Object\.(fromEntries|hasOwn)\b/;

async function buildVoter() {
  const outDir = path.join(root, 'dist', 'voter');
  const config = path.join(root, 'build', 'vite.voter.config.ts');
  const inputs = [...walk(path.join(root, 'renderer', 'voter')), ...walk(path.join(root, 'shared')), config, path.join(root, 'package-lock.json')];
  if (!force && outputsAreFresh(outDir, 'index.html', inputs)) {
    console.log('voter: up to date (dist/voter), skipped; use --force to rebuild');
  } else {
    const started = performance.now();
    const { build } = await import('vite');
    try {
      await build({ configFile: config, logLevel: 'warn' });
    } catch (err) {
      fail(`voter app (vite): ${err instanceof Error ? err.message : String(err)}`);
    }
    console.log(`voter: built into dist/voter in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await checkVoterBundle(outDir);
}

/** Size of everything index.html loads (gzipped, as served), and the ES2017 / old-API check of its scripts. */
async function checkVoterBundle(outDir) {
  const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\.\/([^"]+)"/g)].map((m) => path.join(outDir, m[1]));
  let total = gzipSync(html, { level: 9 }).length;
  for (const file of files) {
    if (!existsSync(file)) fail(`dist/voter/index.html loads ${path.relative(outDir, file)}, which is missing`);
    total += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  const kb = (total / 1024).toFixed(1);
  if (total > VOTER_BUDGET_BYTES) fail(`voter app is ${kb} KB gzipped, over the ${VOTER_BUDGET_BYTES / 1024} KB budget`);
  let acorn = null;
  try {
    acorn = await import('acorn');
  } catch {
    // acorn comes with eslint; without it only the API check runs.
  }
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const src = readFileSync(file, 'utf8');
    const newer = VOTER_NEWER_APIS.exec(src);
    if (newer) fail(`${path.relative(root, file)} calls ${newer[0]}, which Chrome 61 / Safari 11 lack`);
    if (acorn) {
      try {
        acorn.parse(src, { ecmaVersion: 2017, sourceType: 'module' });
      } catch (err) {
        fail(`${path.relative(root, file)} is not ES2017: ${err.message}`);
      }
    }
  }
  console.log(`voter: ${kb} KB gzipped for index.html and the ${files.length} files it loads (budget ${VOTER_BUDGET_BYTES / 1024} KB)${acorn ? ', ES2017 syntax checked' : ''}`);
}

/**
 * ESM-only dependencies are bundled into main.cjs instead of being require()d: that
 * works in recent Node, but it is one less thing to go wrong inside an asar archive.
 * echarts/core (report charts) is ESM only too, and imports zrender and tslib.
 */
const ESM_ONLY_PACKAGES = ['kysely', 'echarts', 'zrender', 'tslib'];

/** Like `packages: 'external'`, but the named packages are bundled. */
function externalExcept(bundled) {
  return {
    name: 'external-except',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point' || path.isAbsolute(args.path)) return undefined;
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return bundled.includes(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

async function buildBundles() {
  const started = performance.now();
  const esbuild = await import('esbuild');
  const common = {
    absWorkingDir: root,
    bundle: true,
    sourcemap: true,
    logLevel: 'silent',
    legalComments: 'none',
    charset: 'utf8',
  };
  // The Electron main process and its render worker: CommonJS for Node 22.
  const mainProcess = {
    ...common,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    plugins: [externalExcept(ESM_ONLY_PACKAGES)],
    // Shared ESM sources may use import.meta.url; give the CommonJS bundle a real one.
    define: { 'import.meta.url': '__bundleImportMetaUrl' },
    banner: { js: "'use strict';\nconst __bundleImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  };
  const jobs = [
    esbuild.build({ ...mainProcess, entryPoints: ['electron/app/main.ts'], outfile: 'dist/electron/main.cjs' }),
    // Report files are laid out in a worker thread beside the main process (render-pool.ts).
    esbuild.build({ ...mainProcess, entryPoints: ['electron/core/reports/render-worker.ts'], outfile: 'dist/electron/render-worker.cjs' }),
    esbuild.build({
      ...common,
      entryPoints: ['electron/app/preload.ts'],
      outfile: 'dist/electron/preload.cjs',
      // A sandboxed preload can require only 'electron' and a few shims: bundle the rest.
      platform: 'browser',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
    }),
    esbuild.build({
      ...common,
      entryPoints: { host: 'electron/server/host.ts', verify: 'electron/server/verify.ts', 'render-worker': 'electron/core/reports/render-worker.ts' },
      outdir: 'dist/host',
      outExtension: { '.js': '.mjs' },
      // Shared code in chunks: the report layout code (docx, ECharts) is a chunk that host.mjs
      // loads only if it lays a file out itself; the render worker loads it, host.mjs does not.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      platform: 'node',
      format: 'esm',
      target: 'node22',
      // Bundled: loading kysely's and zod's ~400 small module files was most of the start-up
      // time. Native code stays outside, and so does exceljs, which only imports need (lazily).
      external: ['better-sqlite3', 'exceljs', 'bufferutil', 'utf-8-validate'],
      // esbuild's ESM output cannot call require() unless one exists in scope.
      banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);" },
    }),
    esbuild.build({
      ...common,
      entryPoints: { bench: 'bench/bench.ts', 'render-worker': 'electron/core/reports/render-worker.ts' },
      outdir: 'dist/bench',
      outExtension: { '.js': '.mjs' },
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);" },
    }),
  ];
  const results = await Promise.allSettled(jobs);
  const errors = [];
  for (const result of results) {
    if (result.status === 'fulfilled') {
      for (const warning of result.value.warnings) {
        console.warn(formatMessage('warning', warning));
      }
    } else {
      const err = result.reason;
      if (Array.isArray(err?.errors) && err.errors.length > 0) errors.push(...err.errors.map((m) => formatMessage('error', m)));
      else errors.push(String(err?.message ?? err));
    }
  }
  if (errors.length > 0) {
    // main.cjs and host.mjs share most sources, so the same error often comes twice.
    const unique = [...new Set(errors)];
    for (const line of unique) console.error(line);
    fail(`${unique.length} esbuild error(s)`);
  }
  console.log(`bundles: dist/electron/{main,render-worker}.cjs, dist/electron/preload.cjs, dist/host/{host,verify,render-worker}.mjs, dist/bench/{bench,render-worker}.mjs in ${Math.round(performance.now() - started)} ms`);
}

function formatMessage(kind, message) {
  const where = message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ` : '';
  return `${where}${kind}: ${message.text}`;
}

if (!skipRenderer) await buildRenderer();
if (!skipRenderer) await buildVoter();
await buildBundles();
