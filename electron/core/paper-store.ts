import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/api/errors.js';

/** What the app accepts as a meeting paper, by extension, with the magic bytes it must start with. */
const KINDS: Record<string, { mime: string; magic: 'pdf' | 'zip' | 'ole' | 'png' | 'jpeg'; label: string }> = {
  pdf: { mime: 'application/pdf', magic: 'pdf', label: 'PDF' },
  ofd: { mime: 'application/ofd', magic: 'zip', label: 'OFD' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: 'zip', label: 'Word（.docx）' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: 'zip', label: 'Excel（.xlsx）' },
  doc: { mime: 'application/msword', magic: 'ole', label: 'Word（.doc）' },
  xls: { mime: 'application/vnd.ms-excel', magic: 'ole', label: 'Excel（.xls）' },
  wps: { mime: 'application/vnd.ms-works', magic: 'ole', label: 'WPS 文字' },
  png: { mime: 'image/png', magic: 'png', label: 'PNG 图片' },
  jpg: { mime: 'image/jpeg', magic: 'jpeg', label: 'JPEG 图片' },
  jpeg: { mime: 'image/jpeg', magic: 'jpeg', label: 'JPEG 图片' },
};

const MAGIC: Record<string, number[]> = {
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d],
  zip: [0x50, 0x4b, 0x03, 0x04],
  ole: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff],
};

export const ACCEPTED_PAPER_EXTENSIONS = Object.keys(KINDS);

/** Check that a paper is of an accepted kind and that its bytes match its extension. */
export function classifyPaper(fileName: string, bytes: Uint8Array): { mime: string } {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  const kind = KINDS[ext];
  if (!kind) {
    throw new AppError('BAD_FILE', `不支持的文件类型“.${ext || '（无扩展名）'}”。会议文件可以是 PDF、OFD、Word、Excel 或图片（PNG、JPG）。`);
  }
  if (bytes.length === 0) throw new AppError('BAD_FILE', `文件“${fileName}”是空文件，请检查后重新选择。`);
  const magic = MAGIC[kind.magic]!;
  if (bytes.length < magic.length || magic.some((b, i) => bytes[i] !== b)) {
    throw new AppError('BAD_FILE', `文件“${fileName}”的内容不是有效的${kind.label}文件（可能已损坏或扩展名有误），请检查后重新选择。`);
  }
  return { mime: kind.mime };
}

/**
 * Content-addressed store of paper bytes under `<dataDir>/papers/ab/abcdef…`. Bytes are
 * written and fsynced before the database row that names them commits, so a row never
 * points at a missing file.
 */
export class PaperStore {
  constructor(private readonly root: string) {}

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  put(bytes: Uint8Array): { sha256: string; size: number } {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    if (!fs.existsSync(target)) {
      const dir = path.dirname(target);
      fs.mkdirSync(dir, { recursive: true });
      const tmp = path.join(dir, `.tmp-${crypto.randomBytes(8).toString('hex')}`);
      const fd = fs.openSync(tmp, 'w');
      try {
        fs.writeSync(fd, bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, target);
      syncDir(dir);
    }
    return { sha256, size: bytes.length };
  }

  remove(sha256: string): void {
    fs.rmSync(this.pathOf(sha256), { force: true });
  }

  /**
   * A copy named like the original, for system viewers that choose by extension. It lives
   * in the OS temp folder so that edits made in the viewer never touch the stored bytes.
   */
  viewCopy(id: number | string, sha256: string, fileName: string): string {
    const dir = path.join(os.tmpdir(), 'committee-desk-papers', String(id));
    fs.mkdirSync(dir, { recursive: true });
    const safe = fileName.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
    const target = path.join(dir, safe);
    fs.copyFileSync(this.pathOf(sha256), target);
    return target;
  }
}

function syncDir(dir: string): void {
  // Directory fsync makes the rename durable on Linux; Windows cannot open directories.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
