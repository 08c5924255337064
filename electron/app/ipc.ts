import fs from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, type WebContents } from 'electron';
import type { Core } from '../core/core-types.js';
import { safeFileName } from '../../shared/domain/reports/file-name.js';
import { isProjectorContents, PROJECTOR_EVENTS, PROJECTOR_PATH } from './projector-window.js';
import { APP_ORIGIN } from './protocol.js';

/** The channels; the preload uses the same names. */
export const CALL_CHANNEL = 'desk:call';
export const EVENT_CHANNEL = 'desk:event';
/** The console's print view saves itself as PDF (DeskBridge.printToPdf). */
export const PRINT_PDF_CHANNEL = 'desk:print-pdf';

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

/** A file name for the save dialog: no folders, no characters Windows refuses, ending in .pdf. */
export function pdfFileName(suggested: unknown): string {
  return safeFileName((typeof suggested === 'string' ? suggested : '').replace(/\.pdf$/i, ''), 'pdf', '公文');
}

/**
 * The calling page as an A4 PDF, saved where the clerk chooses (Documents by default). The
 * page's print CSS decides the layout (@page size and margins, page numbers), as it does for
 * the print dialog. Resolves with the saved path, or null when the dialog is cancelled.
 */
async function printToPdf(contents: WebContents, suggestedName: unknown): Promise<string | null> {
  const data = await contents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
  const options = {
    title: '另存为 PDF',
    defaultPath: path.join(app.getPath('documents'), pdfFileName(suggestedName)),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  };
  const owner = BrowserWindow.fromWebContents(contents);
  const r = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
  if (r.canceled || !r.filePath) return null;
  await fs.writeFile(r.filePath, data);
  return r.filePath;
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

  ipcMain.handle(PRINT_PDF_CHANNEL, (event, suggestedName: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!frameUrl.startsWith(`${APP_ORIGIN}/`) || isProjectorSender(event.sender, frameUrl)) {
      throw new Error(`desk:print-pdf refused from ${frameUrl || 'a destroyed frame'}`);
    }
    return printToPdf(event.sender, suggestedName);
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
    ipcMain.removeHandler(PRINT_PDF_CHANNEL);
  };
}
