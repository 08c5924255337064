import { BrowserWindow, ipcMain } from 'electron';
import type { Core } from '../core/core-types.js';
import { APP_ORIGIN } from './protocol.js';

/** The two channels; the preload uses the same names. */
export const CALL_CHANNEL = 'desk:call';
export const EVENT_CHANNEL = 'desk:event';

/**
 * IPC is a transport and adds nothing: one channel carries every contract method to
 * `core.dispatch`, which validates input and never throws. Only our own console pages
 * may call it.
 */
export function registerIpc(core: Core): () => void {
  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, input: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!frameUrl.startsWith(`${APP_ORIGIN}/`)) {
      throw new Error(`desk:call refused from ${frameUrl || 'a destroyed frame'}`);
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: '调用的功能名称无效。' } };
    }
    return core.dispatch(method, input, { transport: 'ipc' });
  });

  const unsubscribe = core.subscribe((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event, payload);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(CALL_CHANNEL);
  };
}
