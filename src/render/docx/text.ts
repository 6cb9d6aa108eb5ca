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

/** A run's text with control characters removed, in pieces: text, and each tab ('\t') and newline ('\n') on its own. */
export function runPieces(text: string): string[] {
  return stripControlChars(text)
    .split(/(\t|\n)/)
    .filter((piece) => piece !== '');
}

/** A text run that keeps tabs as tabs and newlines as line breaks, with control characters removed. */
export function textRun(text: string, props: { bold?: boolean } = {}): TextRun {
  const children: RunChild[] = runPieces(text).map((piece) => (piece === '\t' ? new Tab() : piece === '\n' ? new CarriageReturn() : piece));
  return new TextRun({ children, ...(props.bold ? { bold: true } : {}) });
}
