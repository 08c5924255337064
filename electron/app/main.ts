import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, screen, session, shell, type WebContents } from 'electron';
import { AppError } from '../../shared/api/errors.js';
import { createCore } from '../core/core.js';
import type { Core } from '../core/core-types.js';
import { startVoterServer, type VoterServer } from '../server/voter-server.js';
import { registerIpc } from './ipc.js';
import { secureWebPreferences } from './web-preferences.js';
import { buildMenu } from './menu.js';
import { closeProjector, isProjectorOpen, onProjectorChange, openProjector, projectorDisplays } from './projector-window.js';
import { APP_ORIGIN, CONSOLE_URL, handleAppScheme, registerAppScheme } from './protocol.js';

/** Save a copy of a built report where the clerk chooses (Documents by default). */
async function saveFile(source: string, suggestedName: string): Promise<string | null> {
  const ext = path.extname(suggestedName).slice(1);
  const owner = BrowserWindow.getFocusedWindow();
  const options = {
    title: '保存导出文件',
    defaultPath: path.join(app.getPath('documents'), suggestedName),
    filters: ext ? [{ name: ext.toUpperCase(), extensions: [ext] }] : [],
  };
  const r = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
  if (r.canceled || !r.filePath) return null;
  await fs.promises.copyFile(source, r.filePath);
  return r.filePath;
}

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
let voterServer: VoterServer | null = null;
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
    webPreferences: secureWebPreferences(),
  });
  win.once('ready-to-show', () => win.show());
  // A page with unsaved input (an opinion being drafted) asks before it is closed or reloaded;
  // Electron would otherwise just refuse to close, silently.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['离开，不保存', '继续编辑'],
      defaultId: 1,
      cancelId: 1,
      title: '尚未保存',
      message: '当前页面有尚未保存的内容，离开后将丢失。确定离开吗？',
    });
    if (choice === 0) event.preventDefault();
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    // The room screen has no controls of its own; it goes with the console.
    closeProjector();
  });
  void win.loadURL(CONSOLE_URL);
  return win;
}

/** The menu lists the displays for the projector, so it is rebuilt when they or the projector change. */
function applyMenu(): void {
  Menu.setApplicationMenu(
    buildMenu({
      displays: projectorDisplays(),
      isOpen: isProjectorOpen(),
      open: (displayId) => {
        openProjector(displayId);
      },
      close: closeProjector,
    }),
  );
}

async function start(): Promise<void> {
  if (!fs.existsSync(path.join(rendererDir, 'console', 'index.html'))) {
    fatal(`找不到界面文件（${rendererDir}），程序安装不完整，请重新安装。`);
    return;
  }
  handleAppScheme(rendererDir, () => core);
  // Only writing to the clipboard (copy buttons) is allowed; camera, notifications etc. are not needed.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  applyMenu();
  screen.on('display-added', applyMenu);
  screen.on('display-removed', applyMenu);
  screen.on('display-metrics-changed', applyMenu);
  onProjectorChange(applyMenu);

  try {
    core = await createCore({
      dataDir: app.getPath('userData'),
      platform: { mode: 'electron', openFile: (p) => shell.openPath(p).then((err) => err === ''), saveFile },
      version: app.getVersion(),
    });
  } catch (err) {
    if (err instanceof AppError) fatal(err.message);
    else fatal(`打开数据文件夹 ${app.getPath('userData')} 时出错：${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  registerIpc(core);
  mainWindow = createWindow();
  await startVoterListener(core);
}

/**
 * The listener member devices vote through, on every interface of the room network
 * (port 8731, or any free port when it is taken). A failure is shown but does not stop
 * the clerk's work: paper ballots still work.
 */
async function startVoterListener(c: Core): Promise<void> {
  const options = { core: c, host: '0.0.0.0', staticDir: path.join(__dirname, '..', 'voter') };
  try {
    voterServer = await startVoterServer({ ...options, port: 8731 }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') return startVoterServer({ ...options, port: 0 });
      throw err;
    });
  } catch (err) {
    dialog.showErrorBox('投票服务未能启动', `成员设备将无法投票（纸质选票不受影响）：${err instanceof Error ? err.message : String(err)}`);
  }
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
    const v = voterServer;
    voterServer = null;
    void (v ? v.close() : Promise.resolve())
      .then(() => c.close())
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fatal(`启动时出错：${err instanceof Error ? err.message : String(err)}`));
}
