import { create } from 'zustand';
import type { Output } from '../../../shared/api/contract.js';
import { desk, DeskError, type ConnectionState } from '../../lib/desk-client.js';
import { errorText } from '../lib/notify.js';

type AppInfo = Output<'app.info'>;

interface AppState {
  info: AppInfo | null;
  /** Set when the first app.info call failed: the console cannot work at all. */
  fatal: { code: string; message: string } | null;
  connection: ConnectionState;
  load(): Promise<void>;
}

export const useAppStore = create<AppState>((set) => ({
  info: null,
  fatal: null,
  connection: desk.connection,
  async load() {
    try {
      const info = await desk.call('app.info', {});
      set({ info, fatal: null });
    } catch (err) {
      set({ fatal: { code: err instanceof DeskError ? err.code : 'INTERNAL', message: errorText(err) } });
    }
  },
}));

desk.onConnection((connection) => useAppStore.setState({ connection }));
