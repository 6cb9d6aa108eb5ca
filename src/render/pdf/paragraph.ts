/**
 * Paragraphs and headings as flow blocks. Lines are placed one page at a
 * time, never leaving a single first line at the bottom of a page or a
 * single last line at the top of the next (orphans and widows); headings
 * are kept together and with the block that follows them, and enter the
 * outline.
 */
import type { HeadingBlock, ParagraphBlock } from '../../document/blocks.js';
import type { Flow, FlowBlock } from './flow.js';
import { SPACING, STYLES, TEXT_LEFT, TEXT_WIDTH, runFace } from './style.js';
import { drawBox, setText, type LineAlign, type TextBox } from './typeset.js';

/** lines that must stay together at the start and at the end of a paragraph broken across pages */
const MIN_LINES = 2;
const EPSILON = 0.01;

export class LinesBlock implements FlowBlock {
  readonly box: TextBox;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
  readonly keepWithNext: boolean;
  readonly keepTogether: boolean;
  readonly height: number;
  readonly leadHeight: number;
  /** called with the top of the block once its first line has a place */
  private readonly onPlace: ((flow: Flow, top: number) => void) | undefined;

  constructor(
    box: TextBox,
    spacing: { before: number; after: number },
    options: { keepWithNext?: boolean; keepTogether?: boolean; onPlace?: (flow: Flow, top: number) => void } = {},
  ) {
    this.box = box;
    this.spaceBefore = spacing.before;
    this.spaceAfter = spacing.after;
    this.keepWithNext = options.keepWithNext ?? false;
    this.keepTogether = options.keepTogether ?? false;
    this.onPlace = options.onPlace;
    this.height = box.height;
    // a paragraph too short to leave two lines on each page cannot be broken at all
    const n = box.lines.length;
    const lead = this.keepTogether || n < 2 * MIN_LINES ? n : MIN_LINES;
    this.leadHeight = lead * box.lineHeight;
  }

  place(flow: Flow): void {
    const n = this.box.lines.length;
    const lh = this.box.lineHeight;
    let i = 0;
    let announced = false;
    while (i < n) {
      const left = n - i;
      let take = Math.min(left, Math.floor((flow.room + EPSILON) / lh));
      if (take < left) {
        if (this.keepTogether) take = 0;
        else if (i === 0 && take < Math.min(MIN_LINES, n)) take = 0; // orphan
        else if (left - take < MIN_LINES && take > MIN_LINES) take = left - MIN_LINES; // widow
        else if (left - take < MIN_LINES) take = i === 0 ? 0 : take;
      }
      if (take <= 0) {
        if (flow.fresh) {
          take = Math.max(1, Math.min(left, Math.floor((flow.room + EPSILON) / lh))); // taller than a page
        } else {
          flow.newPage();
          continue;
        }
      }
      if (!announced) {
        this.onPlace?.(flow, flow.y);
        announced = true;
      }
      drawBox(flow.ink, this.box, TEXT_LEFT, flow.y, i, i + take);
      flow.y += take * lh;
      flow.markUsed();
      i += take;
      if (i < n) flow.newPage();
    }
  }
}

export function headingBlock(block: HeadingBlock): LinesBlock {
  const style = block.level === 1 ? STYLES.heading1 : STYLES.heading2;
  const spacing = block.level === 1 ? SPACING.heading1 : SPACING.heading2;
  const box = setText(block.text, style, { width: TEXT_WIDTH, align: 'center' });
  return new LinesBlock(box, spacing, {
    keepWithNext: true,
    keepTogether: true,
    onPlace: (flow, top) => flow.outline.add(block.level, block.text, flow.pageNumber, top, block.id),
  });
}

export function paragraphBlock(block: ParagraphBlock): LinesBlock {
  const style = STYLES[block.style];
  const runs = block.runs.map((run) => ({ text: run.text, face: runFace(run.bold) }));
  let align: LineAlign;
  let indent = 0;
  if (block.style === 'body') {
    align = block.align ?? 'justify';
    // a two-character first-line indent; text that brings its own (full-width spaces) is not indented twice
    if (align === 'justify' || align === 'left') {
      indent = 2 * style.size;
      const first = runs[0];
      if (first) runs[0] = { ...first, text: first.text.replace(/^[\s\u3000]+/u, '') };
    }
  } else {
    align = block.align ?? 'center';
  }
  const box = setText(runs, style, { width: TEXT_WIDTH, align, indent });
  return new LinesBlock(box, SPACING[block.style]);
}
