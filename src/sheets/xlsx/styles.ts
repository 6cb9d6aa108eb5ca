/**
 * styles.xml, for one question only: which cell styles (`s` = index into
 * `<cellXfs>`) show numbers as dates.
 */
import { isBuiltinDateFormat, isDateFormatCode } from './cells.js';
import { scanEntry } from './parts.js';
import type { ZipArchive } from './zip.js';

export async function readDateStyles(zip: ZipArchive, part: string | undefined): Promise<boolean[]> {
  const entry = part === undefined ? undefined : zip.get(part);
  if (!entry) return [];
  const customDate = new Map<number, boolean>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  await scanEntry(zip, entry, {
    capturing: false,
    open(name, attrs, selfClosing) {
      if (name === 'numFmt') {
        const id = Number(attrs.get('numFmtId') ?? NaN);
        const code = attrs.get('formatCode') ?? '';
        if (Number.isInteger(id)) customDate.set(id, isDateFormatCode(code));
      } else if (name === 'cellXfs') {
        inCellXfs = !selfClosing;
      } else if (name === 'xf' && inCellXfs) {
        xfFormats.push(Number(attrs.get('numFmtId') ?? 0) || 0);
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  // a custom format may redefine a built-in id; the custom definition wins
  return xfFormats.map((id) => customDate.get(id) ?? isBuiltinDateFormat(id));
}
