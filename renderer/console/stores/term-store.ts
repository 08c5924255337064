import { create } from 'zustand';
import type { Member, Term, TermId } from '../../../shared/api/schemas.js';
import { desk } from '../../lib/desk-client.js';
import { showError } from '../lib/notify.js';

const CURRENT_TERM_KEY = 'committee-desk.current-term';

function rememberedTerm(): number | null {
  try {
    const v = Number(localStorage.getItem(CURRENT_TERM_KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

interface TermState {
  terms: Term[];
  termsLoaded: boolean;
  /** The term the console works in (header, members, new meetings). */
  currentTermId: TermId | null;
  members: Member[];
  membersTermId: TermId | null;
  membersLoading: boolean;
  loadTerms(): Promise<void>;
  selectTerm(id: TermId): void;
  loadMembers(): Promise<void>;
  currentTerm(): Term | null;
}

export const useTermStore = create<TermState>((set, get) => ({
  terms: [],
  termsLoaded: false,
  currentTermId: null,
  members: [],
  membersTermId: null,
  membersLoading: false,

  async loadTerms() {
    try {
      const terms = await desk.call('term.list', {});
      const wanted = get().currentTermId ?? rememberedTerm();
      // Terms come newest first: default to the newest one.
      const current = terms.find((t) => t.id === wanted) ?? terms[0] ?? null;
      set({ terms, termsLoaded: true, currentTermId: current?.id ?? null });
      if (current && get().membersTermId !== current.id) void get().loadMembers();
    } catch (err) {
      set({ termsLoaded: true });
      showError(err);
    }
  },

  selectTerm(id) {
    try {
      localStorage.setItem(CURRENT_TERM_KEY, String(id));
    } catch {
      // not remembered across restarts; harmless
    }
    set({ currentTermId: id, members: [], membersTermId: null });
    void get().loadMembers();
  },

  async loadMembers() {
    const termId = get().currentTermId;
    if (termId === null) return;
    set({ membersLoading: true });
    try {
      const members = await desk.call('member.list', { termId });
      // Ignore a late answer for a term the user has already left.
      if (get().currentTermId === termId) set({ members, membersTermId: termId });
    } catch (err) {
      showError(err);
    } finally {
      set({ membersLoading: false });
    }
  },

  currentTerm() {
    const { terms, currentTermId } = get();
    return terms.find((t) => t.id === currentTermId) ?? null;
  },
}));

export function useCurrentTerm(): Term | null {
  return useTermStore((s) => s.terms.find((t) => t.id === s.currentTermId) ?? null);
}
