/**
 * An OpenType (sfnt) font's table directory: where each table lies in the
 * font. The CFF and TrueType subsetters (./cff-subset.ts, ./tt-subset.ts)
 * both read the font in place from it.
 */

export interface TableRange {
  /** [start, end): the table's bytes in the font */
  start: number;
  end: number;
}

/** Each table by tag; throws when the directory or a table runs past the font. */
export function tableDirectory(font: Uint8Array): Map<string, TableRange> {
  if (font.length < 12) throw new Error('too short for a font');
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const numTables = view.getUint16(4);
  if (12 + 16 * numTables > font.length) throw new Error('the table directory runs past the font');
  const tables = new Map<string, TableRange>();
  for (let i = 0; i < numTables; i++) {
    const r = 12 + 16 * i;
    const tag = String.fromCharCode(font[r]!, font[r + 1]!, font[r + 2]!, font[r + 3]!);
    const start = view.getUint32(r + 8);
    const end = start + view.getUint32(r + 12);
    if (end > font.length) throw new Error(`the ${tag} table runs past the font`);
    tables.set(tag, { start, end });
  }
  return tables;
}
