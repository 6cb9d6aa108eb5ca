/**
 * Text that may reach the DOCX XML. Word refuses to open a file whose XML holds
 * a control character, so everything written goes through stripControlChars.
 */
import { CarriageReturn, Tab, TextRun } from 'docx';

/**
 * C0 controls except tab and newline (carriage returns are turned into newlines
 * first), DEL and the C1 controls, the noncharacters U+FFFE/U+FFFF, and lone
 * surrogates (with the `u` flag a proper surrogate pair is one code point and
 * does not match the surrogate range).
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Removes the characters that may not appear in a Word document's XML; CR and CRLF become LF. */
export function stripControlChars(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(FORBIDDEN, '');
}

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
