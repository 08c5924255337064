import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The fonts GB/T 9704-2012 names, as Word and WPS spell them. The DOCX writer puts these names
 * in the file whatever this machine has, so the document shows as the standard says on a PC
 * that has them; this module only tells the export screen what *this* machine will show.
 */
export const OFFICIAL_FONTS = {
  /** 标题: 2号方正小标宋简体. */
  title: '方正小标宋简体',
  /** 正文, 三级和四级标题, 表格, 版记: 仿宋_GB2312. */
  body: '仿宋_GB2312',
  /** 一级标题: 黑体. */
  heading1: '黑体',
  /** 二级标题: 楷体_GB2312. */
  heading2: '楷体_GB2312',
  /** 页码: 4号半角宋体. */
  pageNumber: '宋体',
} as const;

/** Digits and Latin letters in body text, as offices set them. */
export const LATIN_FONT = 'Times New Roman';
/** The sealed digest, so that hex digits line up. */
export const MONO_FONT = 'Courier New';

export type OfficialFontName = (typeof OFFICIAL_FONTS)[keyof typeof OFFICIAL_FONTS];

interface FontFacts {
  name: OfficialFontName;
  /** Family names fontconfig may report for it (Chinese and English). */
  families: readonly string[];
  /** File names (lower case) under a Windows font folder. */
  files: readonly string[];
  /** The Windows font Word shows in its place (the altName the writer records), if any. */
  windowsStandIn: string | null;
  /** The generic family to ask fontconfig for when the font is missing. */
  generic: 'serif' | 'sans-serif';
}

const FACTS: readonly FontFacts[] = [
  {
    name: '方正小标宋简体',
    families: ['方正小标宋简体', 'FZXiaoBiaoSong-B05S', '方正小标宋_GBK', 'FZXiaoBiaoSong-B05'],
    files: ['fzxbsjw.ttf', 'fzxbsk.ttf', '方正小标宋简体.ttf', '方正小标宋_gbk.ttf'],
    windowsStandIn: '宋体',
    generic: 'serif',
  },
  {
    name: '仿宋_GB2312',
    families: ['仿宋_GB2312', 'FangSong_GB2312'],
    files: ['仿宋_gb2312.ttf', 'fs_gb2312.ttf', 'fsgb2312.ttf', 'simfang_gb2312.ttf'],
    windowsStandIn: '仿宋',
    generic: 'serif',
  },
  {
    name: '黑体',
    families: ['黑体', 'SimHei'],
    files: ['simhei.ttf'],
    windowsStandIn: null,
    generic: 'sans-serif',
  },
  {
    name: '楷体_GB2312',
    families: ['楷体_GB2312', 'KaiTi_GB2312'],
    files: ['楷体_gb2312.ttf', 'kt_gb2312.ttf', 'ktgb2312.ttf', 'simkai_gb2312.ttf'],
    windowsStandIn: '楷体',
    generic: 'serif',
  },
  {
    name: '宋体',
    families: ['宋体', 'SimSun'],
    files: ['simsun.ttc', 'simsun.ttf'],
    windowsStandIn: null,
    generic: 'serif',
  },
];

/** Windows stand-ins: the files that make Word show 仿宋 for 仿宋_GB2312 and 楷体 for 楷体_GB2312. */
const WINDOWS_STAND_IN_FILES: Record<string, readonly string[]> = {
  仿宋: ['simfang.ttf'],
  楷体: ['simkai.ttf'],
  宋体: ['simsun.ttc', 'simsun.ttf'],
};

export interface OfficialFontEntry {
  name: OfficialFontName;
  installed: boolean;
  /** What this machine shows instead, when known; null when installed or unknown. */
  fallback: string | null;
}

export interface OfficialFontStatus {
  fonts: OfficialFontEntry[];
  /** Official fonts this machine lacks, in the order of OFFICIAL_FONTS. */
  missing: OfficialFontName[];
  /** False when the fonts could not be looked up at all (no fontconfig, unreadable folders). */
  checked: boolean;
  /** One sentence for the export screen, in Chinese. */
  message: string;
}

let cached: Promise<OfficialFontStatus> | null = null;

/**
 * Which official fonts this machine has and what shows in place of the others. Looked up once
 * per process (fc-list / fc-match on Linux and other Unix, the font folders on Windows); never
 * rejects — a failed lookup says so in `message`.
 */
export function officialFontStatus(): Promise<OfficialFontStatus> {
  cached ??= lookUp().catch(() => unknownStatus());
  return cached;
}

/** Forget the cached answer (after the user installs fonts and asks again). */
export function refreshOfficialFontStatus(): Promise<OfficialFontStatus> {
  cached = null;
  return officialFontStatus();
}

async function lookUp(): Promise<OfficialFontStatus> {
  if (process.platform === 'win32') return summarise(windowsEntries());
  const families = await fontconfigFamilies();
  if (families) {
    const entries: OfficialFontEntry[] = [];
    for (const facts of FACTS) {
      const installed = facts.families.some((f) => families.has(f.toLowerCase()));
      entries.push({ name: facts.name, installed, fallback: installed ? null : await fontconfigMatch(facts) });
    }
    return summarise(entries);
  }
  const files = fontFilesIn(unixFontDirs());
  if (files.size === 0) return unknownStatus();
  return summarise(FACTS.map((facts) => ({ name: facts.name, installed: facts.files.some((f) => files.has(f)), fallback: null })));
}

function windowsEntries(): OfficialFontEntry[] {
  const dirs = [path.join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts')];
  if (process.env.LOCALAPPDATA) dirs.push(path.join(process.env.LOCALAPPDATA, 'Microsoft', 'Windows', 'Fonts'));
  const files = fontFilesIn(dirs);
  if (files.size === 0) throw new Error('no Windows font folder readable');
  return FACTS.map((facts) => {
    const installed = facts.files.some((f) => files.has(f));
    let fallback: string | null = null;
    if (!installed && facts.windowsStandIn) {
      const standInFiles = WINDOWS_STAND_IN_FILES[facts.windowsStandIn] ?? [];
      if (standInFiles.some((f) => files.has(f))) fallback = facts.windowsStandIn;
    }
    return { name: facts.name, installed, fallback };
  });
}

function fontFilesIn(dirs: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const dir of dirs) {
    try {
      for (const entry of fs.readdirSync(dir, { recursive: true })) names.add(path.basename(String(entry)).toLowerCase());
    } catch {
      // A missing or unreadable folder just contributes nothing.
    }
  }
  return names;
}

function unixFontDirs(): string[] {
  const home = os.homedir();
  return ['/usr/share/fonts', '/usr/local/share/fonts', path.join(home, '.fonts'), path.join(home, '.local/share/fonts'), '/Library/Fonts', path.join(home, 'Library/Fonts')];
}

function run(cmd: string, args: readonly string[]): Promise<string | null> {
  return new Promise((resolve) => {
    try {
      execFile(cmd, args, { timeout: 5000, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8' }, (err, stdout) => resolve(err ? null : stdout));
    } catch {
      resolve(null);
    }
  });
}

/** Every family name fontconfig knows (lower case), or null without fontconfig. */
async function fontconfigFamilies(): Promise<Set<string> | null> {
  const out = await run('fc-list', ['--format', '%{family}\n']);
  if (out === null) return null;
  const families = new Set<string>();
  for (const line of out.split('\n')) {
    for (const family of line.split(',')) if (family.trim()) families.add(family.trim().toLowerCase());
  }
  return families;
}

/** The family fontconfig substitutes for a missing font, asked with its generic family as viewers do. */
async function fontconfigMatch(facts: FontFacts): Promise<string | null> {
  const out = await run('fc-match', ['--format', '%{family[0]}', `${facts.name},${facts.generic}:lang=zh-cn`]);
  const family = out?.trim();
  return family ? family : null;
}

function summarise(fonts: OfficialFontEntry[]): OfficialFontStatus {
  const missing = fonts.filter((f) => !f.installed).map((f) => f.name);
  return { fonts, missing, checked: true, message: statusMessage(fonts) };
}

function unknownStatus(): OfficialFontStatus {
  return {
    fonts: FACTS.map((f) => ({ name: f.name, installed: false, fallback: null })),
    missing: [],
    checked: false,
    message: '无法查明本机安装了哪些字体。文件中已指定公文字体，在装有这些字体的电脑上按标准显示。',
  };
}

function statusMessage(fonts: readonly OfficialFontEntry[]): string {
  const missing = fonts.filter((f) => !f.installed);
  if (missing.length === 0) return '本机已安装全部公文字体（方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312、宋体），按标准显示。';
  const names = missing.map((f) => f.name).join('、');
  const fallbacks = [...new Set(missing.map((f) => f.fallback).filter((f): f is string => f !== null))];
  const shown = fallbacks.length > 0 ? `，显示时以 ${fallbacks.join(' / ')} 代替` : '，显示时由系统以其他字体代替';
  return `本机未安装 ${names}${shown}；文件中仍指定公文字体，在装有这些字体的电脑上按标准显示。`;
}
