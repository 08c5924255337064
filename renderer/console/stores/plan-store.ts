import { create } from 'zustand';
import { defaultToday } from './opinion-store.js';
import type { PlanItem } from '../../../shared/api/supervision-schemas.js';
import { desk } from '../../lib/desk-client.js';
import { showError } from '../lib/notify.js';

interface PlanState {
  /** The year shown; null until the first answer picks the default one. */
  year: number | null;
  /** Years that have plan items. */
  years: number[];
  items: PlanItem[];
  loading: boolean;
  loaded: boolean;
  /** Load a year's plan; null picks the current year, or the newest year with items if the current one has none. */
  load(year: number | null): Promise<void>;
  reload(): Promise<void>;
}

let request = 0;

/** The core's year when known (its clock may differ from this browser's), else the machine's. */
export function thisYear(): number {
  return Number(defaultToday().slice(0, 4));
}

export const usePlanStore = create<PlanState>((set, get) => ({
  year: null,
  years: [],
  items: [],
  loading: false,
  loaded: false,

  async load(year) {
    const mine = ++request;
    // A different year empties the table at once rather than showing last year's items under this year's title.
    if (year !== null && year !== get().year) set({ items: [], loaded: false });
    set({ loading: true });
    try {
      let result = await desk.call('plan.list', { year: year ?? thisYear() });
      if (year === null && result.items.length === 0 && result.years.length > 0) {
        result = await desk.call('plan.list', { year: Math.max(...result.years) });
      }
      // Switching years quickly sends several requests; only the newest may win.
      if (mine !== request) return;
      set({ year: result.year, years: result.years, items: result.items, loaded: true });
    } catch (err) {
      if (mine === request) showError(err);
    } finally {
      if (mine === request) set({ loading: false });
    }
  },

  async reload() {
    const { year } = get();
    if (year !== null) await get().load(year);
  },
}));
