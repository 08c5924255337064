import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../electron/core/core-types.js';

/**
 * The projector window's IPC limits, run without an Electron binary: 'electron' is
 * replaced by a few stand-ins, and ipc.ts / projector-window.ts run as they are.
 */

type Handler = (event: unknown, method: unknown, input: unknown) => unknown;

const h = vi.hoisted(() => {
  class FakeWebContents {
    static next = 100;
    readonly id = FakeWebContents.next++;
    readonly sent: unknown[][] = [];
    on() {}
    isDestroyed() {
      return false;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
  }
  class FakeWindow {
    static all: FakeWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly options: Record<string, unknown>;
    loaded: string | null = null;
    constructor(options: Record<string, unknown> = {}) {
      this.options = options;
      FakeWindow.all.push(this);
    }
    static getAllWindows() {
      return FakeWindow.all;
    }
    setMenu() {}
    once() {}
    on() {}
    isDestroyed() {
      return false;
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
  }
  const display = (id: number, x: number) => ({ id, label: '', bounds: { x, y: 0, width: 1920, height: 1080 }, size: { width: 1920, height: 1080 } });
  return { FakeWindow, handlers: new Map<string, Handler>(), displays: [display(1, 0), display(2, 1920)] };
});

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => h.handlers.set(channel, fn),
    removeHandler: (channel: string) => h.handlers.delete(channel),
  },
  BrowserWindow: h.FakeWindow,
  screen: { getAllDisplays: () => h.displays, getPrimaryDisplay: () => h.displays[0], getDisplayMatching: () => h.displays[0] },
  powerSaveBlocker: { start: () => 1, stop: () => undefined, isStarted: () => true },
  protocol: {},
}));

const { registerIpc, CALL_CHANNEL } = await import('../../electron/app/ipc.js');
const { openProjector, PROJECTOR_URL } = await import('../../electron/app/projector-window.js');

let dispatched: string[];
let emit: (event: string, payload: unknown) => void;

function fakeCore(): Core {
  return {
    dispatch: async (method: string) => {
      dispatched.push(method);
      return { ok: true, value: null };
    },
    subscribe: (listener: (event: string, payload: unknown) => void) => {
      emit = listener;
      return () => undefined;
    },
  } as unknown as Core;
}

const call = (url: string, method: string, senderId = 1) => h.handlers.get(CALL_CHANNEL)!({ senderFrame: { url }, sender: { id: senderId } }, method, {});

beforeEach(() => {
  dispatched = [];
  h.handlers.clear();
  registerIpc(fakeCore());
});

describe('projector IPC limits', () => {
  it('lets the console call anything and the projector page only projector.*', async () => {
    expect(await call('app://console/console/index.html', 'poll.close')).toEqual({ ok: true, value: null });
    expect(await call('app://console/projector/index.html', 'projector.state')).toEqual({ ok: true, value: null });
    expect(dispatched).toEqual(['poll.close', 'projector.state']);

    for (const url of ['app://console/projector/index.html', 'app://console/%70rojector/index.html', 'app://console/PROJECTOR/index.html']) {
      for (const method of ['poll.release', 'projector.show']) {
        const refused = (await call(url, method)) as { ok: boolean; error: { code: string } };
        expect(refused.ok).toBe(false);
        expect(refused.error.code).toBe('UNAUTHORIZED');
      }
    }
    expect(dispatched).toEqual(['poll.close', 'projector.state']);
  });

  it('still refuses frames from anywhere else', () => {
    expect(() => call('https://example.com/', 'projector.state')).toThrow(/refused/);
  });

  it('limits the projector window by window too, and sends it only its events', async () => {
    h.FakeWindow.all = [];
    const main = new h.FakeWindow();
    // No display chosen: the first one that is not the primary (display 2, at x = 1920).
    const projector = openProjector() as unknown as InstanceType<typeof h.FakeWindow>;
    expect(projector.loaded).toBe(PROJECTOR_URL);
    expect(projector.options).toMatchObject({
      x: 1920,
      backgroundColor: '#000000',
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
    });

    // Even if something in the projector window showed the console page, it stays limited.
    const refused = (await call('app://console/console/index.html', 'member.list', projector.webContents.id)) as { ok: boolean };
    expect(refused.ok).toBe(false);
    expect(dispatched).toEqual([]);

    emit('data.changed', { entity: 'attendance', meetingId: 1 });
    emit('poll.updated', { pollId: 1, meetingId: 1, status: 'open', received: 3 });
    emit('poll.notice', { pollId: 1, meetingId: 1, message: '…' });
    emit('export.progressed', { id: 1, phase: 'layout', done: 1, total: 2 });
    expect(main.webContents.sent.map((s) => s[1])).toEqual(['data.changed', 'poll.updated', 'poll.notice', 'export.progressed']);
    // The room screen redraws on attendance and polls; notices and exports are the clerk's alone.
    expect(projector.webContents.sent.map((s) => s[1])).toEqual(['data.changed', 'poll.updated']);
  });
});
