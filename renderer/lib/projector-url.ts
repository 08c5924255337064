import { takeTokenFromLocation } from './desk-client.js';

/** Window name, so a second click brings the same projector tab back instead of a new one. */
export const PROJECTOR_WINDOW_NAME = 'committee-desk-projector';

/**
 * Address of the room screen for the console to open in host mode (`/projector/#token=…`,
 * the console's own credential; the page takes it out of the address bar on load). Null in
 * the desktop app, where the projector is a window of its own (menu 视图 → 打开投影窗口)
 * and pop-ups are refused, and when the console has no credential to hand on.
 */
export function projectorUrl(): string | null {
  if (window.desk) return null;
  // The console took the token from its own URL at start-up; this reads it back from sessionStorage.
  const token = takeTokenFromLocation();
  return token ? `/projector/#token=${token}` : null;
}

/**
 * Open (or bring forward) the room screen in a browser window; false when that is not
 * possible here (desktop app, or the browser blocked the pop-up) so the console can say so.
 */
export function openProjectorWindow(): boolean {
  const url = projectorUrl();
  if (!url) return false;
  const win = window.open(url, PROJECTOR_WINDOW_NAME);
  if (!win) return false;
  win.focus();
  return true;
}
