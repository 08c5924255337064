import { create } from 'zustand';
import type { Body } from '../../../shared/api/schemas.js';
import { desk } from '../../lib/desk-client.js';
import { showError } from '../lib/notify.js';

interface BodyState {
  bodies: Body[];
  loaded: boolean;
  loading: boolean;
  load(): Promise<void>;
}

export const useBodyStore = create<BodyState>((set) => ({
  bodies: [],
  loaded: false,
  loading: false,
  async load() {
    set({ loading: true });
    try {
      const bodies = await desk.call('body.list', { includeInactive: true });
      set({ bodies, loaded: true });
    } catch (err) {
      showError(err);
    } finally {
      set({ loading: false });
    }
  },
}));
