import type { EventName, EventPayload, Input, Method, Output } from '../../shared/api/contract.js';
import type { DeskBridge, DeskClient } from '../../shared/api/client.js';
import type { ErrorBody, ErrorCode, FieldIssue } from '../../shared/api/errors.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser (host mode). */
    desk?: DeskBridge;
  }
}

/** A failed call as the UI sees it: switch on `code`, show `message`, map `issues` to fields. */
export class DeskError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly issues: FieldIssue[];
  constructor(code: ErrorCode | 'NETWORK', message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = 'DeskError';
    this.code = code;
    this.issues = issues;
  }
}

export const NETWORK_MESSAGE = '无法连接到会务服务，请检查程序是否仍在运行';

export type ConnectionState = 'connected' | 'connecting' | 'offline';

export interface ConsoleClient extends DeskClient {
  readonly transport: 'electron' | 'http';
  /** True when `callWithProgress` reports real upload progress (HTTP only). */
  readonly uploadProgress: boolean;
  /** Like `call`, reporting the upload of the request body as a fraction 0..1. */
  callWithProgress<M extends Method>(method: M, input: Input<M>, onProgress?: (fraction: number) => void): Promise<Output<M>>;
  /** Fetch a console-relative URL (e.g. a paper) with the console credential. */
  fetchFile(url: string): Promise<Blob>;
  /** Push-channel state, for the header indicator and reloading after a reconnect. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  readonly connection: ConnectionState;
}

type Envelope = { ok: true; value: unknown } | { ok: false; error: ErrorBody };

function unwrap<T>(envelope: Envelope): T {
  if (envelope.ok) return envelope.value as T;
  const error = envelope.error;
  throw new DeskError(error.code, error.message, error.issues ?? []);
}

function isEnvelope(body: unknown): body is Envelope {
  return typeof body === 'object' && body !== null && 'ok' in body && typeof (body as { ok: unknown }).ok === 'boolean';
}

function badResponse(status: number): DeskError {
  if (status === 401) return new DeskError('UNAUTHORIZED', '控制台凭据无效或已过期，请从会务程序重新打开控制台');
  return new DeskError('INTERNAL', `会务服务返回了无法识别的应答（HTTP ${status}），请稍后重试`);
}

class Listeners {
  private readonly map = new Map<string, Set<(payload: unknown) => void>>();
  add(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.map.get(event);
    if (!set) {
      set = new Set();
      this.map.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }
  emit(event: string, payload: unknown): void {
    for (const listener of this.map.get(event) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        console.error('event listener failed', event, err);
      }
    }
  }
}

const TOKEN_KEY = 'committee-desk.console-token';

/**
 * The console URL carries its credential as `#token=HEX`. Keep it for reloads in
 * sessionStorage (dies with the tab) and take it out of the address bar so it does not
 * end up in screenshots or bookmarks.
 */
export function takeTokenFromLocation(): string | null {
  const match = /(?:^#|&)token=([0-9a-fA-F]+)/.exec(window.location.hash);
  if (match) {
    const token = match[1]!;
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // storage may be disabled; the token still works for this page load
    }
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return token;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

class HttpClient implements ConsoleClient {
  readonly transport = 'http' as const;
  readonly uploadProgress = true;
  connection: ConnectionState = 'connecting';
  private readonly listeners = new Listeners();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private socket: WebSocket | null = null;
  private retryDelay = 500;

  constructor(private readonly token: string) {
    // Without a credential the server refuses everything; calls then fail with UNAUTHORIZED.
    if (token) this.connect();
    else this.connection = 'offline';
  }

  async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
    let response: Response;
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new DeskError('NETWORK', NETWORK_MESSAGE);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw badResponse(response.status);
    }
    if (!isEnvelope(body)) throw badResponse(response.status);
    return unwrap<Output<M>>(body);
  }

  callWithProgress<M extends Method>(method: M, input: Input<M>, onProgress?: (fraction: number) => void): Promise<Output<M>> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/${method}`);
      xhr.setRequestHeader('Authorization', `Bearer ${this.token}`);
      xhr.setRequestHeader('Content-Type', 'application/json');
      xhr.responseType = 'text';
      if (onProgress) {
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
        };
        xhr.upload.onload = () => onProgress(1);
      }
      xhr.onerror = () => reject(new DeskError('NETWORK', NETWORK_MESSAGE));
      xhr.onabort = () => reject(new DeskError('NETWORK', NETWORK_MESSAGE));
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          reject(badResponse(xhr.status));
          return;
        }
        if (!isEnvelope(body)) {
          reject(badResponse(xhr.status));
          return;
        }
        try {
          resolve(unwrap<Output<M>>(body));
        } catch (err) {
          reject(err);
        }
      };
      xhr.send(JSON.stringify(input ?? {}));
    });
  }

  async fetchFile(url: string): Promise<Blob> {
    let response: Response;
    try {
      response = await fetch(new URL(url, window.location.href), { headers: { Authorization: `Bearer ${this.token}` } });
    } catch {
      throw new DeskError('NETWORK', NETWORK_MESSAGE);
    }
    if (!response.ok) {
      if (response.status === 404) throw new DeskError('NOT_FOUND', '文件不存在，可能已被删除');
      throw badResponse(response.status);
    }
    return response.blob();
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.listeners.add(event, listener as (payload: unknown) => void);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  private setConnection(state: ConnectionState): void {
    if (state === this.connection) return;
    this.connection = state;
    for (const listener of this.connectionListeners) listener(state);
  }

  private connect(): void {
    const url = new URL(`/ws?token=${encodeURIComponent(this.token)}`, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.hash = '';
    let socket: WebSocket;
    try {
      socket = new WebSocket(url.toString());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.retryDelay = 500;
      this.setConnection('connected');
    };
    socket.onmessage = (e) => {
      if (typeof e.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(e.data);
      } catch {
        return;
      }
      if (typeof message === 'object' && message !== null && typeof (message as { event?: unknown }).event === 'string') {
        const { event, payload } = message as { event: string; payload: unknown };
        this.listeners.emit(event, payload);
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.setConnection(this.connection === 'connected' ? 'connecting' : 'offline');
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, 10_000);
    window.setTimeout(() => this.connect(), delay);
  }
}

class ElectronClient implements ConsoleClient {
  readonly transport = 'electron' as const;
  readonly uploadProgress = false;
  readonly connection: ConnectionState = 'connected';
  constructor(private readonly bridge: DeskBridge) {}

  async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
    let envelope: Envelope;
    try {
      envelope = await this.bridge.call(method, input ?? {});
    } catch {
      throw new DeskError('NETWORK', NETWORK_MESSAGE);
    }
    return unwrap<Output<M>>(envelope);
  }

  callWithProgress<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
    return this.call(method, input);
  }

  async fetchFile(url: string): Promise<Blob> {
    const response = await fetch(url);
    if (!response.ok) throw badResponse(response.status);
    return response.blob();
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.bridge.on(event, listener as (payload: unknown) => void);
  }

  onConnection(): () => void {
    return () => undefined;
  }
}

function createClient(): ConsoleClient {
  if (window.desk) return new ElectronClient(window.desk);
  return new HttpClient(takeTokenFromLocation() ?? '');
}

export const desk: ConsoleClient = createClient();

/** Random id for `job.progressed` events of one long call. */
export function newJobId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Read a file as base64 (without the data-URL prefix); the browser does the encoding natively. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new DeskError('BAD_FILE', '无法读取所选文件，请确认文件未被其他程序占用'));
    reader.onload = () => {
      const result = String(reader.result ?? '');
      const comma = result.indexOf(',');
      resolve(comma >= 0 ? result.slice(comma + 1) : result);
    };
    reader.readAsDataURL(file);
  });
}
