import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * LibreOffice (headless) and poppler as the referee for document layout: DOCX → PDF with
 * soffice, then pdfinfo for page sizes and pdftotext -bbox-layout for where every line and word
 * landed. Positions are returned in millimetres from the page's top-left corner.
 */

export const PT_PER_MM = 72 / 25.4;
const ptToMm = (pt: number): number => pt / PT_PER_MM;

const TOOLS = ['soffice', 'pdfinfo', 'pdftotext', 'pdftoppm'] as const;

/** Throws, naming the packages to install, when LibreOffice or poppler is missing. */
export function requireLayoutTools(): void {
  const missing = TOOLS.filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: install libreoffice-writer-nogui poppler-utils (apt-get install libreoffice-writer-nogui poppler-utils)`);
  }
}

function run(cmd: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/**
 * Converts a DOCX file to PDF in `outDir` and returns the PDF's path. Each call runs soffice
 * with a fresh private profile (removed afterwards), so parallel test files do not share the
 * user installation and its lock.
 */
export async function docxToPdf(docxPath: string, outDir: string): Promise<string> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-soffice-'));
  try {
    await run('soffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, docxPath]);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const pdf = path.join(outDir, `${path.basename(docxPath, path.extname(docxPath))}.pdf`);
  if (!fs.existsSync(pdf)) throw new Error(`soffice wrote no PDF for ${docxPath}`);
  return pdf;
}

export interface PageSize {
  widthPt: number;
  heightPt: number;
}

/** Every page's size in points, from pdfinfo. */
export async function pdfPageSizes(pdfPath: string): Promise<PageSize[]> {
  const info = await run('pdfinfo', [pdfPath]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  const perPage = await run('pdfinfo', ['-f', '1', '-l', String(pages), pdfPath]);
  const sizes: PageSize[] = [];
  for (const m of perPage.matchAll(/^Page\s+\d+\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts/gm)) {
    sizes.push({ widthPt: Number(m[1]), heightPt: Number(m[2]) });
  }
  if (sizes.length !== pages) throw new Error(`pdfinfo reported ${pages} pages but ${sizes.length} sizes`);
  return sizes;
}

export interface Box {
  /** Millimetres from the page's left edge. */
  xMin: number;
  xMax: number;
  /** Millimetres from the page's top edge. */
  yMin: number;
  yMax: number;
}

export interface PdfWord extends Box {
  page: number;
  text: string;
}

export interface PdfLine extends Box {
  page: number;
  words: PdfWord[];
  /** The words joined without separators (pdftotext splits CJK text into words arbitrarily). */
  text: string;
}

export interface PdfPage {
  /** 1-based. */
  number: number;
  widthMm: number;
  heightMm: number;
  lines: PdfLine[];
  words: PdfWord[];
}

const decode = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (all, name: string) => {
    switch (name.toLowerCase()) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return name[1]?.toLowerCase() === 'x' ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : all;
    }
  });

function boxOf(attrs: string): Box {
  const n = (key: string): number => {
    const m = new RegExp(`${key}="([-\\d.]+)"`).exec(attrs);
    if (!m) throw new Error(`no ${key} in ${attrs}`);
    return ptToMm(Number(m[1]));
  };
  return { xMin: n('xMin'), yMin: n('yMin'), xMax: n('xMax'), yMax: n('yMax') };
}

/** Pages with their lines and words, from `pdftotext -bbox-layout`. */
export async function pdfLayout(pdfPath: string): Promise<PdfPage[]> {
  const xhtml = await run('pdftotext', ['-bbox-layout', pdfPath, '-']);
  const pages: PdfPage[] = [];
  for (const pm of xhtml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const number = pages.length + 1;
    const lines: PdfLine[] = [];
    for (const lm of (pm[3] ?? '').matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)) {
      const words: PdfWord[] = [];
      for (const wm of (lm[2] ?? '').matchAll(/<word ([^>]*)>([\s\S]*?)<\/word>/g)) {
        words.push({ page: number, text: decode(wm[2] ?? ''), ...boxOf(wm[1] ?? '') });
      }
      lines.push({ page: number, words, text: words.map((w) => w.text).join(''), ...boxOf(lm[1] ?? '') });
    }
    pages.push({ number, widthMm: ptToMm(Number(pm[1])), heightMm: ptToMm(Number(pm[2])), lines, words: lines.flatMap((l) => l.words) });
  }
  return pages;
}

/** Renders one page as PNG at `dpi` and returns the file's path. */
export async function renderPagePng(pdfPath: string, page: number, outPrefix: string, dpi = 60): Promise<string> {
  await run('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-f', String(page), '-l', String(page), pdfPath, outPrefix]);
  return `${outPrefix}.png`;
}

export interface GrayPage {
  width: number;
  height: number;
  dpi: number;
  /** One byte a pixel, row by row; 0 is black. */
  pixels: Uint8Array;
}

/** Renders one page in grey at `dpi` (pdftoppm -gray, a binary PGM) for measuring rules and borders. */
export async function renderPageGray(pdfPath: string, page: number, outPrefix: string, dpi = 150): Promise<GrayPage> {
  await run('pdftoppm', ['-r', String(dpi), '-gray', '-singlefile', '-f', String(page), '-l', String(page), pdfPath, outPrefix]);
  const data = fs.readFileSync(`${outPrefix}.pgm`);
  // Header: "P5", width, height, maxval, each followed by whitespace; then the pixels.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm -gray did not write a binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, dpi, pixels: new Uint8Array(data.subarray(header[0].length, header[0].length + width * height)) };
}

/** Dark pixels (below `threshold`) in one row of a grey page, as runs in millimetres. */
export function darkRuns(page: GrayPage, row: number, threshold = 128): { from: number; to: number }[] {
  const px = (n: number) => (n / page.dpi) * 25.4;
  const runs: { from: number; to: number }[] = [];
  let start = -1;
  for (let x = 0; x <= page.width; x++) {
    const dark = x < page.width && (page.pixels[row * page.width + x] ?? 255) < threshold;
    if (dark && start < 0) start = x;
    if (!dark && start >= 0) {
      runs.push({ from: px(start), to: px(x) });
      start = -1;
    }
  }
  return runs;
}
