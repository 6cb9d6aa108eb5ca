/**
 * Text that may reach the DOCX XML. Word refuses to open a file whose XML holds
 * a control character, so everything written goes through stripControlChars.
 */
import { CarriageReturn, Tab, TextRun } from 'docx';
import { stripControlChars } from '../../text/control.js';

export { stripControlChars };

/** Like stripControlChars, for single-line places (titles, properties, cells): tabs and newlines become spaces. */
export function cleanLine(text: string): string {
  return stripControlChars(text).replace(/[\t\n]+/g, ' ');
}

type RunChild = string | Tab | CarriageReturn;

/** A text run that keeps tabs as tabs and newlines as line breaks, with control characters removed. */
export function textRun(text: string, props: { bold?: boolean } = {}): TextRun {
  const children: RunChild[] = [];
  const clean = stripControlChars(text);
  const pieces = clean.split(/(\t|\n)/);
  for (const piece of pieces) {
    if (piece === '\t') children.push(new Tab());
    else if (piece === '\n') children.push(new CarriageReturn());
    else if (piece !== '') children.push(piece);
  }
  return new TextRun({ children, ...(props.bold ? { bold: true } : {}) });
}
