import { BrowserWindow, ipcMain, type WebContents } from 'electron';
import type { Core } from '../core/core-types.js';
import { isProjectorContents, PROJECTOR_EVENTS, PROJECTOR_PATH } from './projector-window.js';
import { APP_ORIGIN } from './protocol.js';

/** The two channels; the preload uses the same names. */
export const CALL_CHANNEL = 'desk:call';
export const EVENT_CHANNEL = 'desk:event';

/** The room screen reads what it shows and nothing else (choosing what it shows is the clerk's). */
export function projectorMayCall(method: string): boolean {
  return method === 'projector.state';
}

/**
 * The projector page, or anything loaded into the projector window: limited to
 * projector.state. Checked by frame URL and by window, so neither a navigation inside
 * the projector window nor the projector page in some other frame gets the full console.
 */
function isProjectorSender(contents: WebContents, frameUrl: string): boolean {
  if (isProjectorContents(contents)) return true;
  try {
    // Decoded and lower-cased as the app:// handler and a case-insensitive disk would see it.
    return decodeURIComponent(new URL(frameUrl).pathname).toLowerCase().startsWith(PROJECTOR_PATH);
  } catch {
    return true;
  }
}

const PROJECTOR_REFUSED = { ok: false, error: { code: 'UNAUTHORIZED', message: '投影窗口只能显示表决进度和已公布的结果，不能执行控制台操作。' } } as const;

/**
 * IPC is a transport and adds nothing: one channel carries every contract method to
 * `core.dispatch`, which validates input and never throws. Only our own console pages
 * may call it, and the projector window only projector.state.
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
    if (isProjectorSender(event.sender, frameUrl) && !projectorMayCall(method)) return PROJECTOR_REFUSED;
    return core.dispatch(method, input, { transport: 'ipc' });
  });

  const unsubscribe = core.subscribe((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
      if (isProjectorContents(win.webContents) && !PROJECTOR_EVENTS.has(event)) continue;
      win.webContents.send(EVENT_CHANNEL, event, payload);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(CALL_CHANNEL);
  };
}
