import { create } from 'zustand';
import type { OpinionRow } from '../../../shared/api/supervision-schemas.js';
import type { BodyId } from '../../../shared/api/schemas.js';
import { localDate } from '../../../shared/domain/supervision/dates.js';
import type { OpinionStatus } from '../../../shared/domain/supervision/labels.js';
import { desk } from '../../lib/desk-client.js';
import { showError } from '../lib/notify.js';

export type LedgerStatusFilter = 'all' | 'open' | OpinionStatus;

export interface LedgerFilters {
  year: number | undefined;
  bodyId: BodyId | undefined;
  leadBodyId: BodyId | undefined;
  status: LedgerStatusFilter;
  overdue: boolean;
  search: string;
}

interface OpinionStoreState {
  filters: LedgerFilters;
  rows: OpinionRow[];
  years: number[];
  overdueCount: number;
  dueSoonCount: number;
  loading: boolean;
  loaded: boolean;
  /**
   * The core's date, from the last ledger or reminder answer: the default date of every step
   * form. The core's clock is injectable (tests move it), so the browser's date may differ.
   */
  today: string | null;
  load(): Promise<void>;
  setFilters(patch: Partial<LedgerFilters>): void;
  setToday(today: string): void;
}

let request = 0;

export const useOpinionStore = create<OpinionStoreState>((set, get) => ({
  filters: { year: undefined, bodyId: undefined, leadBodyId: undefined, status: 'all', overdue: false, search: '' },
  rows: [],
  years: [],
  overdueCount: 0,
  dueSoonCount: 0,
  loading: false,
  loaded: false,
  today: null,

  async load() {
    const { filters } = get();
    const mine = ++request;
    set({ loading: true });
    try {
      const result = await desk.call('opinion.list', {
        year: filters.year,
        bodyId: filters.bodyId,
        leadBodyId: filters.leadBodyId,
        status: filters.status,
        overdue: filters.overdue,
        search: filters.search.trim() || undefined,
      });
      // Typing in the search box fires several requests; only the newest may win.
      if (mine !== request) return;
      set({ rows: result.items, years: result.years, overdueCount: result.overdue, dueSoonCount: result.dueSoon, today: result.today, loaded: true });
    } catch (err) {
      if (mine === request) showError(err);
    } finally {
      if (mine === request) set({ loading: false });
    }
  },

  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
    void get().load();
  },

  setToday(today) {
    set({ today });
  },
}));

/** The date forms default to: the core's today when known, else the machine's. */
export function defaultToday(): string {
  return useOpinionStore.getState().today ?? localDate(new Date());
}
