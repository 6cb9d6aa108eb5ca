/**
 * The tiny Markdown the editor writes news and briefs in: blank-line
 * separated paragraphs, `# 标题` for a news title, `**bold**` inside text.
 */
import type { Run } from '../document/blocks.js';
import { stripControlCharacters } from '../sheets/normalize.js';

/** `a **b** c` → runs; an unpaired `**` stays as text. */
export function inlineRuns(text: string): Run[] {
  const runs: Run[] = [];
  const parts = text.split('**');
  if (parts.length % 2 === 0) return [{ text }];
  parts.forEach((p, i) => {
    if (p !== '') runs.push(i % 2 === 1 ? { text: p, bold: true } : { text: p });
  });
  return runs.length ? runs : [{ text: '' }];
}

/**
 * Splits text into paragraphs: blank lines separate them; the lines of one
 * paragraph are joined without a space (Chinese has none between lines).
 */
export function paragraphs(text: string): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  const flush = () => {
    if (cur.length) out.push(cur.join(''));
    cur = [];
  };
  for (const raw of stripControlCharacters(text.replace(/\r\n?/g, '\n').replace(/^\ufeff/, '')).split('\n')) {
    const line = raw.trim();
    if (line === '') flush();
    else cur.push(line);
  }
  flush();
  return out;
}

export interface NewsItem {
  title: string;
  paragraphs: string[];
}

/** news.md: `# 标题` starts an item; text before the first title is an error the caller reports. */
export function parseNews(text: string): { items: NewsItem[]; orphanLines: number[] } {
  const items: NewsItem[] = [];
  const orphanLines: number[] = [];
  let body: string[] = [];
  let title: string | undefined;
  const flush = () => {
    if (title !== undefined) items.push({ title, paragraphs: paragraphs(body.join('\n')) });
    body = [];
  };
  const lines = text.replace(/\r\n?/g, '\n').replace(/^\ufeff/, '').split('\n');
  lines.forEach((line, i) => {
    const m = /^#\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) {
      flush();
      title = stripControlCharacters(m[1]!);
    } else if (title === undefined) {
      if (line.trim() !== '') orphanLines.push(i + 1);
    } else {
      body.push(line);
    }
  });
  flush();
  return { items, orphanLines };
}
