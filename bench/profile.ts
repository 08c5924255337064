import fs from 'node:fs';

/** Reading a V8 .cpuprofile (node --cpu-prof): where the host spent its CPU, by function self time. */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  fn: string;
  where: string;
  self_ms: number;
  pct: number;
}

export interface ProfileSummary {
  file: string;
  /** Sampled time inside the window (or the whole profile), ms. */
  sampled_ms: number;
  /** Of which the process was idle (waiting for I/O). */
  idle_ms: number;
  windowed: boolean;
  top: ProfileRow[];
}

function shortUrl(url: string): string {
  if (!url) return '';
  const m = /(node_modules\/(?:@[^/]+\/)?[^/]+)\/.*?([^/]+)$/.exec(url);
  if (m) return `${m[1]!.replace('node_modules/', '')}/${m[2]}`;
  return url.replace(/^file:\/\/.*?\/(dist|electron|db|shared)\//, '$1/').replace(/^node:/, 'node:');
}

/**
 * Self time per function (name + file + line), biggest first. With windows (monotonic µs, the
 * clock V8 stamps samples with), only samples inside them count, so a profile of a process's
 * whole life can be cut down to the part being measured.
 */
export function summariseProfile(file: string, windows: [number, number] | [number, number][] | null, top = 15): ProfileSummary {
  const ws: [number, number][] | null = windows === null ? null : typeof windows[0] === 'number' ? [windows as [number, number]] : (windows as [number, number][]);
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { fn: string; where: string; us: number }>();
  let t = p.startTime;
  let total = 0;
  let idle = 0;
  let inWindow = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    if (ws && !ws.some(([a, b]) => t >= a && t <= b)) continue;
    inWindow++;
    const node = byId.get(p.samples[i]!);
    if (!node) continue;
    // A sample's time is the gap to the next one.
    const us = p.timeDeltas[i + 1] ?? dt;
    total += us;
    const fn = node.callFrame.functionName || '(anonymous)';
    if (fn === '(idle)') idle += us;
    const where = node.callFrame.url ? `${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}` : '';
    const key = `${fn}|${where}`;
    const e = self.get(key) ?? { fn, where, us: 0 };
    e.us += us;
    self.set(key, e);
  }
  // A window the profile does not cover (clock mismatch) falls back to the whole profile.
  if (ws && inWindow === 0) return summariseProfile(file, null, top);
  const rows = [...self.values()]
    .filter((e) => e.fn !== '(idle)')
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ fn: e.fn, where: e.where, self_ms: Math.round(e.us / 100) / 10, pct: Math.round((1000 * e.us) / Math.max(1, total - idle)) / 10 }));
  return { file, sampled_ms: Math.round(total / 1000), idle_ms: Math.round(idle / 1000), windowed: ws !== null, top: rows };
}

export function formatProfile(s: ProfileSummary): string {
  const lines = [`  ${s.windowed ? 'measured part' : 'whole run'}: ${s.sampled_ms} ms sampled, ${s.idle_ms} ms idle; self time of the busy part:`];
  for (const r of s.top) lines.push(`    ${String(r.self_ms).padStart(8)} ms ${String(r.pct).padStart(5)}%  ${r.fn}  ${r.where}`);
  return lines.join('\n');
}
