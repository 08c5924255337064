import fs from 'node:fs';

/**
 * A reader of SQLite's file format (https://www.sqlite.org/fileformat2.html), written for
 * the anonymity attack: it reads what someone with a hex dump of the data folder reads —
 * every b-tree page, every cell with its byte offset inside its page, the freeblocks, the
 * unallocated gap between the cell pointer array and the cell content, the WAL frames and
 * the wal-index (-shm) — without going through SQLite.
 */

export type Value = null | number | bigint | string | Uint8Array;

export interface Cell {
  page: number;
  /** Byte offset of the cell inside its page: SQLite fills a page from the end, so later inserts sit lower. */
  offset: number;
  /** Position of the cell in the page's sorted pointer array. */
  index: number;
  /** Decoded record (only the part stored on this page; overflow is not followed). */
  values: Value[];
}

export interface PageInfo {
  page: number;
  type: 'table-leaf' | 'table-interior' | 'index-leaf' | 'index-interior';
  cells: Cell[];
  /** Freeblocks: offset and size as their 4-byte headers say (they survive secure_delete). */
  freeblocks: { offset: number; size: number }[];
  /** Bytes between the end of the cell pointer array and the start of the cell content area. */
  gap: Uint8Array;
  fragmented: number;
}

export interface BTree {
  name: string;
  type: 'table' | 'index';
  root: number;
  pages: PageInfo[];
}

function varint(buf: Uint8Array, pos: number): [bigint, number] {
  let v = 0n;
  for (let i = 0; i < 8; i++) {
    const b = buf[pos + i]!;
    v = (v << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) return [v, i + 1];
  }
  v = (v << 8n) | BigInt(buf[pos + 8]!);
  return [v, 9];
}

function serialSize(t: number): number {
  if (t >= 12) return t % 2 === 0 ? (t - 12) / 2 : (t - 13) / 2;
  return [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0][t]!;
}

/** Decode a record; stops quietly at the end of the local payload. */
export function decodeRecord(buf: Uint8Array, start: number, length: number): Value[] {
  const end = Math.min(start + length, buf.length);
  const [hdrLen, n] = varint(buf, start);
  let hp = start + n;
  const hdrEnd = start + Number(hdrLen);
  const types: number[] = [];
  while (hp < hdrEnd && hp < end) {
    const [t, m] = varint(buf, hp);
    types.push(Number(t));
    hp += m;
  }
  const out: Value[] = [];
  let p = hdrEnd;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (const t of types) {
    const size = serialSize(t);
    if (p + size > end) {
      out.push(null);
      p += size;
      continue;
    }
    switch (t) {
      case 0:
        out.push(null);
        break;
      case 1:
        out.push(dv.getInt8(p));
        break;
      case 2:
        out.push(dv.getInt16(p));
        break;
      case 3:
        out.push((dv.getInt8(p) << 16) | dv.getUint16(p + 1));
        break;
      case 4:
        out.push(dv.getInt32(p));
        break;
      case 5:
        out.push(Number((BigInt(dv.getInt16(p)) << 32n) | BigInt(dv.getUint32(p + 2))));
        break;
      case 6:
        out.push(Number(dv.getBigInt64(p)));
        break;
      case 7:
        out.push(dv.getFloat64(p));
        break;
      case 8:
        out.push(0);
        break;
      case 9:
        out.push(1);
        break;
      default:
        out.push(t % 2 === 0 ? buf.slice(p, p + size) : Buffer.from(buf.subarray(p, p + size)).toString('utf8'));
    }
    p += size;
  }
  return out;
}

export class DbFile {
  readonly buf: Buffer;
  readonly pageSize: number;
  readonly pageCount: number;

  constructor(readonly path: string) {
    this.buf = fs.readFileSync(path);
    const ps = this.buf.readUInt16BE(16);
    this.pageSize = ps === 1 ? 65536 : ps;
    this.pageCount = Math.floor(this.buf.length / this.pageSize);
  }

  page(no: number): Uint8Array {
    return this.buf.subarray((no - 1) * this.pageSize, no * this.pageSize);
  }

  /** Parse one b-tree page. Returns null for a page that is not a b-tree page (free, overflow, zeroed). */
  parsePage(no: number): PageInfo | null {
    const data = this.page(no);
    const hdr = no === 1 ? 100 : 0;
    const kind = data[hdr];
    const type = ({ 13: 'table-leaf', 5: 'table-interior', 10: 'index-leaf', 2: 'index-interior' } as const)[kind as 13 | 5 | 10 | 2];
    if (!type) return null;
    const interior = type.endsWith('interior');
    const nCells = (data[hdr + 3]! << 8) | data[hdr + 4]!;
    let contentStart = (data[hdr + 5]! << 8) | data[hdr + 6]!;
    if (contentStart === 0) contentStart = 65536;
    const ptrStart = hdr + (interior ? 12 : 8);
    const usable = this.pageSize - this.buf[20]!;
    const cells: Cell[] = [];
    for (let i = 0; i < nCells; i++) {
      const off = (data[ptrStart + 2 * i]! << 8) | data[ptrStart + 2 * i + 1]!;
      if (off < ptrStart || off >= this.pageSize) continue;
      let p = off;
      if (interior) p += 4;
      if (type === 'table-interior') {
        cells.push({ page: no, offset: off, index: i, values: [] });
        continue;
      }
      const [payloadLen, n1] = varint(data, p);
      p += n1;
      let rowid: bigint | null = null;
      if (type === 'table-leaf') {
        const [r, n2] = varint(data, p);
        rowid = r;
        p += n2;
      }
      const total = Number(payloadLen);
      // Local payload size per the file format; the rest lives on overflow pages.
      const maxLocal = type === 'table-leaf' ? usable - 35 : Math.floor(((usable - 12) * 64) / 255) - 23;
      const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
      let local = total;
      if (total > maxLocal) {
        const k = minLocal + ((total - minLocal) % (usable - 4));
        local = k <= maxLocal ? k : minLocal;
      }
      const values = decodeRecord(data, p, local);
      cells.push({ page: no, offset: off, index: i, values: rowid === null ? values : [rowid, ...values] });
    }
    const freeblocks: { offset: number; size: number }[] = [];
    let fb = (data[hdr + 1]! << 8) | data[hdr + 2]!;
    let guard = 0;
    while (fb !== 0 && fb < this.pageSize - 4 && guard++ < 10_000) {
      const next = (data[fb]! << 8) | data[fb + 1]!;
      const size = (data[fb + 2]! << 8) | data[fb + 3]!;
      freeblocks.push({ offset: fb, size });
      fb = next;
    }
    const gap = data.slice(ptrStart + 2 * nCells, Math.min(contentStart, this.pageSize));
    return { page: no, type, cells, freeblocks, gap, fragmented: data[hdr + 7]! };
  }

  /** All pages reachable from a root page, depth first. */
  walk(root: number): PageInfo[] {
    const out: PageInfo[] = [];
    const stack = [root];
    const seen = new Set<number>();
    while (stack.length > 0) {
      const no = stack.pop()!;
      if (seen.has(no) || no < 1 || no > this.pageCount) continue;
      seen.add(no);
      const p = this.parsePage(no);
      if (!p) continue;
      out.push(p);
      if (p.type.endsWith('interior')) {
        const data = this.page(no);
        const hdr = no === 1 ? 100 : 0;
        stack.push(((data[hdr + 8]! << 24) | (data[hdr + 9]! << 16) | (data[hdr + 10]! << 8) | data[hdr + 11]!) >>> 0);
        for (const c of p.cells) {
          stack.push(((data[c.offset]! << 24) | (data[c.offset + 1]! << 16) | (data[c.offset + 2]! << 8) | data[c.offset + 3]!) >>> 0);
        }
      }
    }
    return out;
  }

  /** Every table and index named in sqlite_schema, with its pages. */
  btrees(): BTree[] {
    const schema = this.walk(1);
    const out: BTree[] = [{ name: 'sqlite_schema', type: 'table', root: 1, pages: schema }];
    for (const page of schema) {
      for (const c of page.cells) {
        // sqlite_schema(type, name, tbl_name, rootpage, sql), after the rowid.
        const [, type, name, , root] = c.values;
        if ((type === 'table' || type === 'index') && typeof root === 'number' && root > 0) {
          out.push({ name: String(name), type, root, pages: this.walk(root) });
        }
      }
    }
    return out;
  }

  /** Pages on the freelist (trunk and leaf pages). */
  freelist(): number[] {
    const out: number[] = [];
    let trunk = this.buf.readUInt32BE(32);
    let guard = 0;
    while (trunk !== 0 && guard++ < 100_000) {
      out.push(trunk);
      const data = this.page(trunk);
      const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const n = view.readUInt32BE(4);
      for (let i = 0; i < n && 8 + 4 * i + 4 <= data.length; i++) out.push(view.readUInt32BE(8 + 4 * i));
      trunk = view.readUInt32BE(0);
    }
    return out;
  }

  /** Occurrences of a byte string anywhere in the file. */
  count(needle: string | Uint8Array): number {
    const n = typeof needle === 'string' ? Buffer.from(needle, 'utf8') : Buffer.from(needle);
    let c = 0;
    let at = this.buf.indexOf(n);
    while (at >= 0) {
      c++;
      at = this.buf.indexOf(n, at + 1);
    }
    return c;
  }
}

/** The wal-index header and its page-number arrays, as the -shm file holds them. */
export interface ShmInfo {
  size: number;
  mxFrame: number;
  /** Page number recorded for each frame slot (frame k at index k-1), across all hash blocks. */
  pgno: number[];
}

const HASH_PAGE = 32768;
const FIRST_PGNO = 4062;

export function readShm(path: string): ShmInfo | null {
  if (!fs.existsSync(path)) return null;
  const buf = fs.readFileSync(path);
  if (buf.length < 136) return { size: buf.length, mxFrame: 0, pgno: [] };
  // The header is in native byte order (little-endian on the machines this runs on).
  const mxFrame = buf.readUInt32LE(16);
  const pgno: number[] = [];
  for (let block = 0; block * HASH_PAGE < buf.length; block++) {
    const start = block === 0 ? 136 : block * HASH_PAGE;
    const n = block === 0 ? FIRST_PGNO : 4096;
    for (let i = 0; i < n && start + 4 * i + 4 <= buf.length; i++) pgno.push(buf.readUInt32LE(start + 4 * i));
  }
  return { size: buf.length, mxFrame, pgno };
}

/** WAL frames as the -wal file holds them: page number and page image, in commit order. */
export function readWal(path: string): { size: number; frames: { pgno: number; data: Uint8Array }[] } {
  if (!fs.existsSync(path)) return { size: 0, frames: [] };
  const buf = fs.readFileSync(path);
  if (buf.length < 32) return { size: buf.length, frames: [] };
  const pageSize = buf.readUInt32BE(8);
  const frames: { pgno: number; data: Uint8Array }[] = [];
  for (let off = 32; off + 24 + pageSize <= buf.length; off += 24 + pageSize) {
    frames.push({ pgno: buf.readUInt32BE(off), data: buf.subarray(off + 24, off + 24 + pageSize) });
  }
  return { size: buf.length, frames };
}

/**
 * Fraction of concordant pairs between an observed order and the true arrival order, over
 * pairs within each group (a page). 0.5 is chance; 1 means the storage is the arrival order.
 */
export function concordance(groups: { arrival: number; position: number }[][]): { pairs: number; concordant: number; fraction: number; sigma: number } {
  let pairs = 0;
  let concordant = 0;
  let variance = 0;
  for (const g of groups) {
    const n = g.length;
    if (n < 2) continue;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = g[i]!;
        const b = g[j]!;
        if (a.arrival === b.arrival || a.position === b.position) continue;
        pairs++;
        if (a.arrival < b.arrival === a.position < b.position) concordant++;
      }
    }
    // Variance of Kendall's tau under independence, mapped to the concordant fraction, weighted by pairs.
    const np = (n * (n - 1)) / 2;
    variance += (np * np * ((2 * (2 * n + 5)) / (9 * n * (n - 1)))) / 4;
  }
  return { pairs, concordant, fraction: pairs ? concordant / pairs : 0.5, sigma: pairs ? Math.sqrt(variance) / pairs : 0 };
}
