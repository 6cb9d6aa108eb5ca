/**
 * The contact block at the end of an issue: a thin rule, the organization
 * (sans), one `label：value` line per entry and the channels joined by wide
 * spaces (serif). The block is kept on one page; when it ends the issue it
 * sits at the foot of the last page, as a 版记 does (GB/T 9704).
 */
import type { ContactBlock } from '../../document/blocks.js';
import type { Flow, FlowBlock } from './flow.js';
import { BLACK, CONTACT, SPACING, STYLES, TEXT_LEFT, TEXT_WIDTH } from './style.js';
import { drawBox, setText, type TextBox } from './typeset.js';

export class ContactFlowBlock implements FlowBlock {
  readonly spaceBefore = SPACING.contact.before;
  readonly spaceAfter = SPACING.contact.after;
  readonly keepWithNext = false;
  readonly height: number;
  readonly leadHeight: number;
  private readonly boxes: TextBox[];
  private readonly atFoot: boolean;

  /** @param atFoot the block ends the issue: put it at the bottom of the page */
  constructor(block: ContactBlock, atFoot = false) {
    this.atFoot = atFoot;
    const line = { width: TEXT_WIDTH, align: 'left' as const };
    this.boxes = [setText(block.organization, STYLES.contactOrganization, line)];
    for (const entry of block.lines) {
      this.boxes.push(setText(`${entry.label}：${entry.value}`, STYLES.contactLine, line));
    }
    const channels = block.channels.filter((c) => c.trim() !== '');
    if (channels.length > 0) this.boxes.push(setText(channels.join(CONTACT.channelSeparator), STYLES.contactLine, line));
    this.height = CONTACT.ruleWidth + CONTACT.ruleGap + this.boxes.reduce((h, b) => h + b.height, 0);
    this.leadHeight = this.height;
  }

  place(flow: Flow): void {
    if (this.atFoot && flow.fits(this.height)) flow.y = flow.bottom - this.height;
    const ruleY = flow.y + CONTACT.ruleWidth / 2;
    flow.doc
      .save()
      .lineWidth(CONTACT.ruleWidth)
      .moveTo(TEXT_LEFT, ruleY)
      .lineTo(TEXT_LEFT + TEXT_WIDTH, ruleY)
      .stroke(BLACK)
      .restore();
    let y = flow.y + CONTACT.ruleWidth + CONTACT.ruleGap;
    for (const box of this.boxes) {
      drawBox(flow.ink, box, TEXT_LEFT, y);
      y += box.height;
    }
    flow.y = y;
    flow.markUsed();
  }
}
