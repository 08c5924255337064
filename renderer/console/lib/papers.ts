import type { Paper } from '../../../shared/api/schemas.js';
import { desk } from '../../lib/desk-client.js';
import { notify, showError } from './notify.js';

/** Kept in step with the server's accepted kinds (OFD and WPS are common in government offices). */
export const PAPER_ACCEPT = '.pdf,.ofd,.docx,.doc,.wps,.xlsx,.xls,.png,.jpg,.jpeg';
const PAPER_EXTENSIONS = PAPER_ACCEPT.split(',');

/** Human file size: 1.2 MB, 340 KB, 512 B. */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export function hasPaperExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return PAPER_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Show a stored file (a paper, an attachment) that the core answered with `url`: in the desktop
 * app the system viewer already opened it and `url` is null. In a browser the file is fetched
 * with the console credential (a plain window.open would lack it) and shown from a blob URL, or
 * downloaded under its own name when pop-ups are blocked.
 */
export async function showStoredFile(url: string | null, fileName: string, mime: string | null): Promise<void> {
  if (url === null) {
    notify.success('已用系统程序打开');
    return;
  }
  const blob = await desk.fetchFile(url);
  const typed = blob.type || !mime ? blob : new Blob([blob], { type: mime });
  const blobUrl = URL.createObjectURL(typed);
  const opened = window.open(blobUrl, '_blank');
  if (!opened) {
    const a = document.createElement('a');
    a.href = blobUrl;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  // Long enough for the new tab to load it; the URL is only valid in this page anyway.
  window.setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
}

export async function openPaper(paper: Paper): Promise<void> {
  try {
    const { url } = await desk.call('paper.open', { id: paper.id });
    await showStoredFile(url, paper.fileName, paper.mime);
  } catch (err) {
    showError(err);
  }
}
