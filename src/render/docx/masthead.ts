/**
 * The issue's fixed furniture: the red masthead (报头) that opens it and the
 * center's contact block that closes it.
 */
import { BorderStyle, Paragraph, Tab, TextRun } from 'docx';
import type { ContactBlock, MastheadBlock } from '../../document/blocks.js';
import { STYLE } from './styles.js';
import { cleanLine, textRun } from './text.js';

/** Wide gap between channel names on the contact block's last line: two ideographic spaces. */
export const CHANNEL_SEPARATOR = '\u3000\u3000';

/**
 * Title (BulletinTitle: centered, red, bold), issue line (IssueLine), and the
 * publisher/date line (MastheadLine: date at the right tab stop, red rule
 * under it as the paragraph's bottom border).
 */
export function renderMasthead(block: MastheadBlock, pageBreakBefore: boolean): Paragraph[] {
  const publisher = cleanLine(block.publisher);
  const date = cleanLine(block.date);
  const line: TextRun[] = [];
  if (publisher !== '') line.push(new TextRun(publisher));
  if (date !== '') line.push(new TextRun({ children: [new Tab(), date] }));
  return [
    new Paragraph({
      style: STYLE.mastheadTitle,
      children: [textRun(cleanLine(block.title))],
      ...(pageBreakBefore ? { pageBreakBefore: true } : {}),
    }),
    new Paragraph({ style: STYLE.issueLine, children: [textRun(cleanLine(block.issueLine))] }),
    new Paragraph({ style: STYLE.mastheadLine, children: line }),
  ];
}

/**
 * A rule, the organization in bold, `label：value` lines and the channels on
 * one line; every paragraph but the last is kept with the next so the block
 * stays together.
 */
export function renderContact(block: ContactBlock, pageBreakBefore: boolean): Paragraph[] {
  const texts: { text: string; bold?: boolean }[] = [{ text: cleanLine(block.organization), bold: true }];
  for (const { label, value } of block.lines) {
    texts.push({ text: `${cleanLine(label)}：${cleanLine(value)}` });
  }
  const channels = block.channels.map(cleanLine).filter((name) => name !== '');
  if (channels.length > 0) texts.push({ text: channels.join(CHANNEL_SEPARATOR) });

  return texts.map(({ text, bold }, i) => {
    const first = i === 0;
    const last = i === texts.length - 1;
    return new Paragraph({
      style: STYLE.contact,
      children: text === '' ? [] : [textRun(text, { bold: bold === true })],
      ...(first
        ? {
            border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 } },
            spacing: { before: 360 },
          }
        : {}),
      ...(first && pageBreakBefore ? { pageBreakBefore: true } : {}),
      ...(last ? {} : { keepNext: true }),
    });
  });
}
