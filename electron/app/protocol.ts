import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import type { Core } from '../core/core-types.js';

/**
 * The console is served from `app://console/…` rather than file://, so it gets a real
 * origin (module scripts, fetch, a CSP that means something) without a local server.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://console';
export const CONSOLE_URL = `${APP_ORIGIN}/console/index.html`;

// antd injects inline styles, hence 'unsafe-inline' for styles and nothing else.
const CSP = [
  "default-src 'self' app:",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

function notFound(): Response {
  return new Response('未找到 / Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Serve dist/renderer under app://console/ and stored papers under
 * app://console/files/paper/<id> (the same path host mode uses, so the console's
 * client code is identical). `getCore` is null until the database is open.
 */
export function handleAppScheme(staticRoot: string, getCore: () => Core | null): void {
  const root = path.resolve(staticRoot);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'console' || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return notFound();
    }

    const paper = /^\/files\/paper\/(\d{1,12})$/.exec(rel);
    if (paper) return servePaper(getCore(), Number(paper[1]));

    if (rel.endsWith('/')) rel += 'index.html';
    // Resolve, then insist the result is still inside the renderer folder: no "..", no absolute escapes.
    const file = path.resolve(root, '.' + path.posix.normalize(rel));
    if (!file.startsWith(root + path.sep) || rel.includes('\0')) return notFound();
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  });
}

async function servePaper(core: Core | null, id: number): Promise<Response> {
  const file = core ? await core.paperFile(id) : null;
  if (!file) return notFound();
  let body: Buffer;
  try {
    body = await fs.readFile(file.path);
  } catch {
    return notFound();
  }
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': file.mime,
      'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
