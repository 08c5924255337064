/**
 * Live updates over /v1/events. The socket only says "something changed"; the app then
 * refetches /v1/state. It reconnects with backoff; close code 4001 means the credential was
 * revoked, and then it stops.
 */
import { backoff } from './api.js';

export interface LiveEvent {
  event: string;
  pollId: number | null;
}

export interface Live {
  readonly up: boolean;
  stop(): void;
}

export function startLive(code: string, onEvent: (e: LiveEvent) => void, onStatus: (up: boolean) => void, onRevoked: () => void): Live {
  let ws: WebSocket | null = null;
  let up = false;
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const setUp = (v: boolean) => {
    if (up === v) return;
    up = v;
    onStatus(v);
  };

  function connect(): void {
    if (stopped) return;
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    let sock: WebSocket;
    try {
      sock = new WebSocket(`${scheme}//${window.location.host}/v1/events?c=${encodeURIComponent(code)}`);
    } catch {
      retry();
      return;
    }
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      setUp(true);
    };
    sock.onmessage = (m) => {
      let e: LiveEvent | null;
      try {
        e = JSON.parse(String(m.data)) as LiveEvent;
      } catch {
        return;
      }
      if (e && typeof e.event === 'string') onEvent(e);
    };
    sock.onclose = (c) => {
      if (ws !== sock) return;
      ws = null;
      setUp(false);
      if (c.code === 4001) {
        stopped = true;
        onRevoked();
        return;
      }
      retry();
    };
    // onclose follows every error.
    sock.onerror = () => undefined;
  }

  function retry(): void {
    if (stopped) return;
    timer = setTimeout(connect, backoff(attempt++, 30_000));
  }

  connect();
  return {
    get up() {
      return up;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const sock = ws;
      ws = null;
      if (sock) {
        sock.onclose = null;
        sock.close();
      }
      up = false;
    },
  };
}
