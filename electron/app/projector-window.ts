import { BrowserWindow, powerSaveBlocker, screen, type Display, type WebContents } from 'electron';
import { secureWebPreferences } from './web-preferences.js';
import { APP_ORIGIN } from './protocol.js';

/**
 * The room screen: a second, fullscreen window on the display the clerk picks, showing
 * renderer/projector. It may only read projector.state (enforced in ipc.ts) and
 * receives only the events it redraws on.
 */

export const PROJECTOR_PATH = '/projector/';
export const PROJECTOR_URL = `${APP_ORIGIN}${PROJECTOR_PATH}index.html`;
/**
 * Push events the room screen listens to; nothing else is sent to it. data.changed (an entity
 * name and a meeting id) redraws the title and agenda screens as members sign in.
 */
export const PROJECTOR_EVENTS: ReadonlySet<string> = new Set(['projector.changed', 'poll.updated', 'data.changed']);

export interface ProjectorDisplay {
  id: number;
  /** 显示器 2（1920×1080） */
  label: string;
  primary: boolean;
}

let projector: BrowserWindow | null = null;
let projectorContentsId: number | null = null;
let blockerId: number | null = null;
const changeListeners = new Set<() => void>();

function notify(): void {
  for (const listener of changeListeners) listener();
}

/** Called when the window opens or closes (the menu rebuilds to enable 关闭投影窗口). */
export function onProjectorChange(listener: () => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

export function projectorDisplays(): ProjectorDisplay[] {
  const primaryId = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d, i) => {
    const primary = d.id === primaryId;
    const name = d.label?.trim() ? `${d.label.trim()}，` : '';
    return { id: d.id, primary, label: `显示器 ${i + 1}（${name}${d.size.width}×${d.size.height}${primary ? '，主显示器' : ''}）` };
  });
}

/** The chosen display if it still exists; else the first one that is not the primary; else the primary. */
function pickDisplay(displayId?: number): Display {
  const all = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay();
  return all.find((d) => d.id === displayId) ?? all.find((d) => d.id !== primary.id) ?? primary;
}

export function isProjectorOpen(): boolean {
  return projector !== null && !projector.isDestroyed();
}

/** True for the projector window's page, whatever URL it shows. */
export function isProjectorContents(contents: WebContents): boolean {
  return projectorContentsId !== null && contents.id === projectorContentsId;
}

export function closeProjector(): void {
  if (projector && !projector.isDestroyed()) projector.close();
}

/**
 * Open the room screen fullscreen on a display. An open projector window is replaced
 * rather than moved: leaving and re-entering fullscreen across displays is not reliable
 * on every platform, and a new window takes a second.
 */
export function openProjector(displayId?: number): BrowserWindow {
  const display = pickDisplay(displayId);
  if (projector && !projector.isDestroyed()) {
    const current = screen.getDisplayMatching(projector.getBounds());
    if (current.id === display.id) {
      projector.show();
      return projector;
    }
    projector.destroy();
  }

  const { x, y, width, height } = display.bounds;
  const win = new BrowserWindow({
    x,
    y,
    width,
    height,
    title: '常委会会务 · 投影',
    show: false,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#000000',
    webPreferences: {
      ...secureWebPreferences(),
      // The screen is seldom focused but must keep redrawing.
      backgroundThrottling: false,
    },
  });
  win.setMenu(null);
  projector = win;
  projectorContentsId = win.webContents.id;

  // The room screen never navigates anywhere, not even within the app.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.once('ready-to-show', () => {
    // Fullscreen after the window sits on its display, so it fills that display.
    win.setBounds(display.bounds);
    win.show();
    win.setFullScreen(true);
  });
  win.on('closed', () => {
    if (projector === win) {
      projector = null;
      projectorContentsId = null;
      if (blockerId !== null && powerSaveBlocker.isStarted(blockerId)) powerSaveBlocker.stop(blockerId);
      blockerId = null;
      notify();
    }
  });

  // A projector that dims or sleeps in the middle of a vote is worse than a warm laptop.
  if (blockerId === null) blockerId = powerSaveBlocker.start('prevent-display-sleep');
  void win.loadURL(PROJECTOR_URL);
  notify();
  return win;
}
