/**
 * Characters that may never reach a document. Word refuses to open a DOCX
 * whose XML holds a control character, and a name read from a workbook can
 * carry one; so names are cleaned when read, and everything the DOCX writer
 * writes is cleaned again.
 *
 * Removed: C0 controls except tab and newline (carriage returns become
 * newlines first), DEL and the C1 controls, the noncharacters U+FFFE/U+FFFF,
 * and lone surrogates (with the `u` flag a proper surrogate pair is one code
 * point and does not match the surrogate range).
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

export function stripControlChars(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(FORBIDDEN, '');
}
