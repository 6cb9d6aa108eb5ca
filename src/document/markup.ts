/**
 * The block markup that section templates render to. Templates stay plain
 * text the editor can read; this turns their output into blocks:
 *
 *   # 标题          heading level 1 (a section: 新闻, 统计数据, 简讯)
 *   ## 标题         heading level 2 (a news title, a statistics subsection)
 *   ### 标题        title of the next table
 *   #### 副标题     subtitle of the next table
 *   [[table:ID]]    a table built from the data (bookings, channels, …)
 *   [[chart:ID]]    a chart drawn from the data, captioned 图N … (left out when charts are off)
 *   > 注            a note paragraph
 *   其他文字        body paragraphs; blank lines separate them, lines of one paragraph join
 *
 * `**bold**` works inside any text.
 */
import { inlineRuns } from '../month/markdown.js';
import type { Block, ChartBlock, TableBlock } from './blocks.js';

/** A table by id; null when the table is known but has no data this month, undefined when unknown. */
export type TableFactory = (id: string, title: string, subtitle: string | undefined) => TableBlock | null | undefined;

/** A chart by id; null when known but not drawn (no data, or charts are off), undefined when unknown. */
export type ChartFactory = (id: string) => ChartBlock | null | undefined;

export interface Factories {
  table: TableFactory;
  chart: ChartFactory;
}

export class MarkupError extends Error {}

export function markupToBlocks(text: string, idPrefix: string, factories: Factories): Block[] {
  const { table, chart } = factories;
  const blocks: Block[] = [];
  let para: string[] = [];
  let title: string | undefined;
  let subtitle: string | undefined;
  let headings = 0;
  const flush = () => {
    if (para.length) blocks.push({ type: 'paragraph', style: 'body', runs: inlineRuns(para.join('')) });
    para = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flush();
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    const directive = /^\[\[table:([\w-]+)\]\]$/.exec(line);
    const chartDirective = /^\[\[chart:([\w-]+)\]\]$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      const content = heading[2]!.trim();
      if (level === 3) title = content;
      else if (level === 4) subtitle = content;
      else blocks.push({ type: 'heading', level: level as 1 | 2, text: content, id: `${idPrefix}-${++headings}` });
    } else if (directive) {
      flush();
      const id = directive[1]!;
      const t = table(id, title ?? '', subtitle);
      if (t === undefined) throw new MarkupError(`未知的表格 [[table:${id}]]`);
      if (t) blocks.push(t);
      title = undefined;
      subtitle = undefined;
    } else if (chartDirective) {
      flush();
      const c = chart(chartDirective[1]!);
      if (c === undefined) throw new MarkupError(`未知的图表 [[chart:${chartDirective[1]}]]`);
      if (c) blocks.push(c);
    } else if (line.startsWith('>')) {
      flush();
      blocks.push({ type: 'paragraph', style: 'note', runs: inlineRuns(line.replace(/^>\s*/, '')) });
    } else {
      para.push(line);
    }
  }
  flush();
  return blocks;
}
