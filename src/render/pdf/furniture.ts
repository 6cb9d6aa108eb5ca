/**
 * The masthead (报头) and the page furniture.
 *
 * Masthead: the title (卫生信息) centered in red serif bold, the issue line
 * centered below it, a line with the publisher at the left margin and the
 * date at the right margin, then a red rule across the text width.
 *
 * Furniture, drawn when a page is done: the page number centered in the
 * footer as `— 1 —`, and the draft mark (征求意见稿) in red at the top right
 * of the margin area when the document has one.
 */
import type { MastheadBlock } from '../../document/blocks.js';
import type { Flow, FlowBlock } from './flow.js';
import { widthOf } from './fonts.js';
import { placeLine, baselineIn, drawBox, piecesOf, setText, type TextBox } from './typeset.js';
import { breakLines } from './linebreak.js';
import {
  DRAFT_MARK,
  FOOTER,
  MASTHEAD,
  RED,
  SPACING,
  STYLES,
  TEXT_BOTTOM,
  TEXT_LEFT,
  TEXT_TOP,
  TEXT_WIDTH,
  type TextStyle,
} from './style.js';

/** One unwrapped line of text at a given x alignment inside the text width. */
function drawSingle(flow: Flow, text: string, style: TextStyle, baseline: number, align: 'left' | 'center' | 'right'): void {
  const pieces = piecesOf([{ text, face: style.face }], style.size);
  if (pieces.length === 0) return;
  // one line, however long: the furniture never wraps
  const [line] = breakLines(pieces, Infinity);
  if (!line) return;
  flow.ink.text(placeLine(line, TEXT_LEFT, TEXT_WIDTH, align), baseline, style.color);
}

export class MastheadFlowBlock implements FlowBlock {
  readonly spaceBefore = SPACING.masthead.before;
  readonly spaceAfter = SPACING.masthead.after;
  readonly keepWithNext = false;
  readonly height: number;
  readonly leadHeight: number;
  private readonly title: TextBox;
  private readonly issue: TextBox;
  private readonly publisher: string;
  private readonly date: string;
  /** the date does not fit beside the publisher: it goes on a line of its own */
  private readonly dateOwnLine: boolean;

  constructor(block: MastheadBlock) {
    this.title = setText(block.title, STYLES.mastheadTitle, { width: TEXT_WIDTH, align: 'center' });
    this.issue = setText(block.issueLine, STYLES.mastheadIssue, { width: TEXT_WIDTH, align: 'center' });
    this.publisher = block.publisher;
    this.date = block.date;
    const style = STYLES.mastheadPublisher;
    const pub = widthOf(piecesOf([{ text: block.publisher, face: style.face }], style.size));
    const date = widthOf(piecesOf([{ text: block.date, face: style.face }], style.size));
    this.dateOwnLine = pub + date + 2 * style.size > TEXT_WIDTH;
    const lines = this.dateOwnLine ? 2 : 1;
    this.height =
      this.title.height +
      MASTHEAD.titleGap +
      this.issue.height +
      MASTHEAD.issueGap +
      lines * style.size * style.leading +
      MASTHEAD.ruleGap +
      MASTHEAD.ruleWidth;
    this.leadHeight = this.height;
  }

  place(flow: Flow): void {
    let y = flow.y;
    drawBox(flow.ink, this.title, TEXT_LEFT, y);
    y += this.title.height + MASTHEAD.titleGap;
    drawBox(flow.ink, this.issue, TEXT_LEFT, y);
    y += this.issue.height + MASTHEAD.issueGap;
    const style = STYLES.mastheadPublisher;
    const lh = style.size * style.leading;
    drawSingle(flow, this.publisher, style, baselineIn(y, lh, style.size), 'left');
    if (this.dateOwnLine) y += lh;
    drawSingle(flow, this.date, style, baselineIn(y, lh, style.size), 'right');
    y += lh + MASTHEAD.ruleGap;
    const ruleY = y + MASTHEAD.ruleWidth / 2;
    flow.doc
      .save()
      .lineWidth(MASTHEAD.ruleWidth)
      .moveTo(TEXT_LEFT, ruleY)
      .lineTo(TEXT_LEFT + TEXT_WIDTH, ruleY)
      .stroke(RED)
      .restore();
    flow.y = y + MASTHEAD.ruleWidth;
    flow.markUsed();
  }
}

/**
 * `— 12 —`, drawn with a half-em gap on each side of the number (two
 * spaces): text extraction reads it back as `— 12 —`, with a single space
 * (poppler drops a lone quarter-em space between the dash and the figure).
 */
export function pageNumberText(page: number): string {
  return `—  ${page}  —`;
}

/** Draws the page number and the draft mark on the page the flow is on. */
export function drawFurniture(flow: Flow, draftMark: string | undefined): void {
  const footer = STYLES.footer;
  const footerTop = TEXT_BOTTOM + FOOTER.offset;
  drawSingle(flow, pageNumberText(flow.pageNumber), footer, baselineIn(footerTop, footer.size, footer.size), 'center');
  if (draftMark) {
    drawSingle(flow, draftMark, STYLES.draftMark, TEXT_TOP - DRAFT_MARK.raise, 'right');
  }
}
