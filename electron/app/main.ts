import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, session, shell, type WebContents } from 'electron';
import { AppError } from '../../shared/api/errors.js';
import { createCore } from '../core/core.js';
import type { Core } from '../core/core-types.js';
import { registerIpc } from './ipc.js';
import { buildMenu } from './menu.js';
import { APP_ORIGIN, CONSOLE_URL, handleAppScheme, registerAppScheme } from './protocol.js';

const rendererDir = path.join(__dirname, '..', 'renderer');

/**
 * `--data-dir DIR` (or COMMITTEE_DESK_DATA_DIR) points the app at another data folder;
 * tests use it for a throwaway profile. It must be applied before the single-instance
 * lock, which is keyed on the userData folder.
 */
function dataDirOverride(argv: string[]): string | null {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--data-dir' && argv[i + 1]) return argv[i + 1]!;
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length);
  }
  return process.env.COMMITTEE_DESK_DATA_DIR || null;
}

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

function fatal(message: string): void {
  dialog.showErrorBox('常委会会务无法启动', message);
  app.exit(1);
}

/** Every page, window or frame gets the same limits: no new windows, no navigation away. */
function harden(contents: WebContents): void {
  // Papers open in the system viewer via the main process; the console never needs a popup.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: '常委会会务',
    show: false,
    backgroundColor: '#f5f5f5',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(CONSOLE_URL);
  return win;
}

async function start(): Promise<void> {
  if (!fs.existsSync(path.join(rendererDir, 'console', 'index.html'))) {
    fatal(`找不到界面文件（${rendererDir}），程序安装不完整，请重新安装。`);
    return;
  }
  handleAppScheme(rendererDir, () => core);
  // Only writing to the clipboard (copy buttons) is allowed; camera, notifications etc. are not needed.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  Menu.setApplicationMenu(buildMenu());

  try {
    core = await createCore({
      dataDir: app.getPath('userData'),
      platform: { mode: 'electron', openFile: (p) => shell.openPath(p).then((err) => err === '') },
      version: app.getVersion(),
    });
  } catch (err) {
    if (err instanceof AppError) fatal(err.message);
    else fatal(`打开数据文件夹 ${app.getPath('userData')} 时出错：${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  registerIpc(core);
  mainWindow = createWindow();
}

registerAppScheme();
app.setName('Committee Desk');
const override = dataDirOverride(process.argv);
if (override) app.setPath('userData', path.resolve(override));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (core && !mainWindow) mainWindow = createWindow();
  });

  // Close the database cleanly (WAL checkpoint) before the process goes away.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || !core) return;
    event.preventDefault();
    const c = core;
    core = null;
    void c.close().finally(() => {
      closed = true;
      app.quit();
    });
  });

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fatal(`启动时出错：${err instanceof Error ? err.message : String(err)}`));
}
