/**
 * The page flow: blocks are placed one after another down the text area of
 * A4 pages. The flow knows the current page and position, adds pages (and
 * has their furniture drawn when a page is done), collapses the space
 * between blocks (the larger of one block's space after and the next one's
 * space before; none at the top of a page), and keeps a block that must stay
 * with the next one (a heading) on the page where the next one starts.
 */
import type { Ink } from './ink.js';
import type { Outline } from './outline.js';
import { PAGE, TEXT_BOTTOM, TEXT_TOP } from './style.js';

export interface FlowBlock {
  readonly spaceBefore: number;
  readonly spaceAfter: number;
  /** must end on the page where the next block starts (headings) */
  readonly keepWithNext: boolean;
  /** height when drawn in one piece */
  readonly height: number;
  /**
   * height of the leading part that must be on the page where the block
   * starts: the whole block if it is kept together, the first two lines of a
   * paragraph, a table's title, header and first rows
   */
  readonly leadHeight: number;
  /** draws the block from flow.y on, adding pages as needed; leaves flow.y below it */
  place(flow: Flow): void;
}

/** A forced page break (a pageBreak block). */
export const PAGE_BREAK = Symbol('pageBreak');

const EPSILON = 0.01;

export class Flow {
  readonly doc: PDFKit.PDFDocument;
  readonly ink: Ink;
  readonly outline: Outline;
  /** 1-based number of the current page; 0 before the first */
  pageNumber = 0;
  /** top of the free space on the current page */
  y = TEXT_TOP;
  /** nothing has been placed on the current page yet */
  fresh = true;
  private readonly finishPage: (flow: Flow) => void;

  constructor(doc: PDFKit.PDFDocument, ink: Ink, outline: Outline, finishPage: (flow: Flow) => void) {
    this.doc = doc;
    this.ink = ink;
    this.outline = outline;
    this.finishPage = finishPage;
  }

  get top(): number {
    return TEXT_TOP;
  }

  get bottom(): number {
    return TEXT_BOTTOM;
  }

  /** free height left on the current page */
  get room(): number {
    return this.bottom - this.y;
  }

  fits(height: number): boolean {
    return height <= this.room + EPSILON;
  }

  newPage(): void {
    if (this.pageNumber > 0) this.finishPage(this);
    this.doc.addPage({
      size: [PAGE.width, PAGE.height],
      margins: { top: PAGE.marginTop, bottom: PAGE.marginBottom, left: PAGE.marginLeft, right: PAGE.marginRight },
    });
    this.pageNumber++;
    this.y = TEXT_TOP;
    this.fresh = true;
  }

  /** records that the block being placed drew something on this page */
  markUsed(): void {
    this.fresh = false;
  }

  /** finishes the last page */
  end(): void {
    if (this.pageNumber > 0) this.finishPage(this);
  }

  /**
   * Places the blocks in order. Before each block: if the block (with the
   * blocks it keeps with) cannot start on this page, a new page is begun.
   */
  run(blocks: readonly (FlowBlock | typeof PAGE_BREAK)[]): void {
    if (this.pageNumber === 0) this.newPage();
    let pendingSpace = 0;
    blocks.forEach((block, i) => {
      if (block === PAGE_BREAK) {
        if (!this.fresh) this.newPage();
        pendingSpace = 0;
        return;
      }
      const space = (): number => (this.fresh ? 0 : Math.max(pendingSpace, block.spaceBefore));
      const need = space() + this.chainHeight(blocks, i);
      if (!this.fresh && !this.fits(need)) this.newPage();
      this.y += space();
      const pageBefore = this.pageNumber;
      block.place(this);
      pendingSpace = block.spaceAfter;
      if (this.pageNumber !== pageBefore && this.fresh) pendingSpace = 0;
    });
  }

  /** the height that must fit for block i to start here: its lead, or all of it plus what it keeps with */
  private chainHeight(blocks: readonly (FlowBlock | typeof PAGE_BREAK)[], i: number): number {
    const block = blocks[i];
    if (block === undefined || block === PAGE_BREAK) return 0;
    if (!block.keepWithNext) return block.leadHeight;
    const next = blocks[i + 1];
    if (next === undefined || next === PAGE_BREAK) return block.height;
    const total = block.height + Math.max(block.spaceAfter, next.spaceBefore) + this.chainHeight(blocks, i + 1);
    // a chain taller than a page cannot be kept together; then the block only needs itself
    return total > this.bottom - this.top ? block.height : total;
  }
}
