/** Reading a PDF back with poppler (pdftotext, pdffonts, pdfinfo), as a reader's tools would. */
import { execFileSync } from 'node:child_process';

export function hasPoppler(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function pdfText(path: string, layout = false): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
}

/** The text of each page (pdftotext separates pages with form feeds). */
export function pdfPages(path: string, layout = false): string[] {
  return pdfText(path, layout).split('\f').slice(0, -1);
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

export function pdfFonts(path: string): PdfFont[] {
  const out = execFileSync('pdffonts', [path], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return out.map((line) => {
    // name type... encoding emb sub uni objectID gen: read the yes/no flags from the right
    const parts = line.trim().split(/\s+/);
    const n = parts.length;
    return {
      name: parts[0]!,
      type: parts.slice(1, n - 6).join(' '),
      embedded: parts[n - 5] === 'yes',
      subset: parts[n - 4] === 'yes',
      unicode: parts[n - 3] === 'yes',
    };
  });
}

export function pdfInfo(path: string): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-box', path], { encoding: 'utf8' });
  const info: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) info[m[1]!.trim()] = m[2]!.trim();
  }
  return info;
}

/** Figures compared as the seed check does: white space and thousands separators ignored. */
export function normalizeFigures(text: string): string {
  return text.replace(/[\s,，]/g, '');
}

/**
 * The figures found in the text only when its lines are joined: each one a
 * figure that a line break cuts in two (12 / 320, 15.2 / %).
 */
export function figuresSplitAcrossLines(figures: readonly string[], text: string): string[] {
  const joined = normalizeFigures(text);
  const lines = text.split('\n').map(normalizeFigures);
  return figures.filter((f) => joined.includes(f) && !lines.some((l) => l.includes(f)));
}
