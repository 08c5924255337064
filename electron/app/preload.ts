import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DeskBridge } from '../../shared/api/client.js';

// Sandboxed preload: bundled into one file; only 'electron' may be required at run time,
// so the channel names are repeated here rather than imported from ipc.ts.
const CALL_CHANNEL = 'desk:call';
const EVENT_CHANNEL = 'desk:event';
const PRINT_PDF_CHANNEL = 'desk:print-pdf';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

// One IPC listener for all events, so many subscriptions do not pile up on ipcRenderer.
ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) {
    try {
      listener(payload);
    } catch (err) {
      console.error('desk event listener failed', name, err);
    }
  }
});

const bridge = {
  call: (method: string, input: unknown) => ipcRenderer.invoke(CALL_CHANNEL, method, input),
  on: (event: string, listener: Listener) => {
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
  printToPdf: (suggestedName: string) => ipcRenderer.invoke(PRINT_PDF_CHANNEL, suggestedName) as Promise<string | null>,
} satisfies DeskBridge;

contextBridge.exposeInMainWorld('desk', bridge);
