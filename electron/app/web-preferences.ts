import path from 'node:path';
import type { WebPreferences } from 'electron';

/** The security baseline of every window: isolated, sandboxed, no Node, our preload only. */
export function secureWebPreferences(): WebPreferences {
  return {
    preload: path.join(__dirname, 'preload.cjs'),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: false,
  };
}
