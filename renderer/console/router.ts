import { create } from 'zustand';
import { REPORT_KINDS, type ReportKind } from '../../shared/domain/reports/catalog.js';

/** What a print view shows: a report and the meeting, year or opinion it covers. */
export interface PrintRequest {
  report: ReportKind;
  meetingId?: number;
  year?: number;
  opinionId?: number;
}

/** The console's screens. The route lives in the URL hash so a reload stays on the same screen. */
export type Route =
  | { name: 'meetings' }
  | { name: 'meeting'; id: number; tab: MeetingTab }
  | { name: 'poll'; id: number }
  | { name: 'members' }
  | { name: 'bodies' }
  | { name: 'about' }
  | { name: 'plan'; year: number | null }
  | { name: 'opinions' }
  | { name: 'opinion'; id: number }
  | { name: 'opinionNew'; agendaItemId: number }
  | { name: 'subject'; kind: 'body' | 'appointee'; id: number }
  | { name: 'appointees' }
  | { name: 'exports' }
  | { name: 'print'; request: PrintRequest }
  | { name: 'signInSheet'; meetingId: number };

export type MeetingTab = 'agenda' | 'signin' | 'attendance' | 'polls' | 'credentials';
const MEETING_TABS: readonly string[] = ['agenda', 'signin', 'attendance', 'polls', 'credentials'] satisfies MeetingTab[];

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const parts = path.split('/').filter(Boolean);
  switch (parts[0]) {
    case 'meetings': {
      const id = Number(parts[1]);
      if (Number.isInteger(id) && id > 0) return { name: 'meeting', id, tab: MEETING_TABS.includes(parts[2] ?? '') ? (parts[2] as MeetingTab) : 'agenda' };
      return { name: 'meetings' };
    }
    case 'polls': {
      const id = Number(parts[1]);
      if (Number.isInteger(id) && id > 0) return { name: 'poll', id };
      return { name: 'meetings' };
    }
    case 'plan': {
      const year = Number(parts[1]);
      return { name: 'plan', year: Number.isInteger(year) && year >= 1949 && year <= 2200 ? year : null };
    }
    case 'opinions': {
      if (parts[1] === 'new') {
        const agendaItemId = Number(parts[2]);
        if (Number.isInteger(agendaItemId) && agendaItemId > 0) return { name: 'opinionNew', agendaItemId };
        return { name: 'opinions' };
      }
      const id = Number(parts[1]);
      if (Number.isInteger(id) && id > 0) return { name: 'opinion', id };
      return { name: 'opinions' };
    }
    case 'subjects': {
      const id = Number(parts[2]);
      if ((parts[1] === 'body' || parts[1] === 'appointee') && Number.isInteger(id) && id > 0) return { name: 'subject', kind: parts[1], id };
      return { name: 'bodies' };
    }
    case 'appointees':
      return { name: 'appointees' };
    case 'exports':
      return { name: 'exports' };
    case 'print': {
      // #/print/<report>/<meeting|year|opinion>/<n>
      const report = parts[1] as ReportKind;
      const n = Number(parts[3]);
      if (!REPORT_KINDS.includes(report) || !Number.isInteger(n) || n <= 0) return { name: 'exports' };
      if (parts[2] === 'meeting') return { name: 'print', request: { report, meetingId: n } };
      if (parts[2] === 'year') return { name: 'print', request: { report, year: n } };
      if (parts[2] === 'opinion') return { name: 'print', request: { report, opinionId: n } };
      return { name: 'exports' };
    }
    case 'signin-sheet': {
      const meetingId = Number(parts[1]);
      if (Number.isInteger(meetingId) && meetingId > 0) return { name: 'signInSheet', meetingId };
      return { name: 'meetings' };
    }
    case 'members':
      return { name: 'members' };
    case 'bodies':
      return { name: 'bodies' };
    case 'about':
      return { name: 'about' };
    default:
      return { name: 'meetings' };
  }
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'meeting':
      return `#/meetings/${route.id}/${route.tab}`;
    case 'poll':
      return `#/polls/${route.id}`;
    case 'plan':
      return route.year === null ? '#/plan' : `#/plan/${route.year}`;
    case 'opinion':
      return `#/opinions/${route.id}`;
    case 'opinionNew':
      return `#/opinions/new/${route.agendaItemId}`;
    case 'subject':
      return `#/subjects/${route.kind}/${route.id}`;
    case 'print': {
      const r = route.request;
      const [scope, n] = r.meetingId !== undefined ? ['meeting', r.meetingId] : r.year !== undefined ? ['year', r.year] : ['opinion', r.opinionId];
      return `#/print/${r.report}/${scope}/${n}`;
    }
    case 'signInSheet':
      return `#/signin-sheet/${route.meetingId}`;
    default:
      return `#/${route.name}`;
  }
}

interface RouteState {
  route: Route;
  navigate(route: Route): void;
}

export const useRouteStore = create<RouteState>((set) => ({
  route: parseRoute(window.location.hash),
  navigate(route) {
    const hash = routeHash(route);
    if (window.location.hash !== hash) window.history.pushState(null, '', hash);
    set({ route });
    window.scrollTo({ top: 0 });
  },
}));

window.addEventListener('popstate', () => useRouteStore.setState({ route: parseRoute(window.location.hash) }));
window.addEventListener('hashchange', () => useRouteStore.setState({ route: parseRoute(window.location.hash) }));

/**
 * A screen with unsaved input may ask before the console moves elsewhere: the guard gets the
 * move to make and calls it (or not). One at a time; the browser's own back button is not asked.
 */
type LeaveGuard = (proceed: () => void) => void;
let leaveGuard: LeaveGuard | null = null;

export function setLeaveGuard(guard: LeaveGuard | null): void {
  leaveGuard = guard;
}

export function navigate(route: Route): void {
  const go = () => useRouteStore.getState().navigate(route);
  if (leaveGuard) leaveGuard(go);
  else go();
}
