import os from 'node:os';
import path from 'node:path';

/** Same folder Electron's app.getPath('userData') gives for "Committee Desk", so both modes share data. */
export function defaultDataDir(): string {
  const name = 'Committee Desk';
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), name);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', name);
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), name);
}
