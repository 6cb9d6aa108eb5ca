/** Hand-made .xlsx files (zip + parts) for tests of odd and hostile workbooks. */
import { constants as Z, crc32, deflateRawSync } from 'node:zlib';

// ---------------------------------------------------------------- a tiny zip writer, for hand-made and hostile files

export interface ZipInput {
  name: string;
  data?: string | Buffer;
  /** already-compressed bytes (raw deflate), with the sizes to declare */
  compressed?: Buffer;
  crc?: number;
  size?: number;
}

/** With `zip64`, the central directory saturates its 32-bit fields and carries zip64 extras and end records. */
export function makeZip(entries: ZipInput[], { zip64 = false } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    let comp: Buffer;
    let crc: number;
    let size: number;
    if (e.compressed) {
      comp = e.compressed;
      crc = e.crc ?? 0;
      size = e.size ?? 0;
    } else {
      const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '', 'utf8');
      comp = deflateRawSync(raw);
      crc = crc32(raw);
      size = raw.length;
    }
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc >>> 0, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, comp);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(45, 4);
    ch.writeUInt16LE(45, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc >>> 0, 16);
    ch.writeUInt32LE(zip64 ? 0xffffffff : comp.length, 20);
    ch.writeUInt32LE(zip64 ? 0xffffffff : size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    if (zip64) {
      const extra = Buffer.alloc(28);
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(comp.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
      ch.writeUInt16LE(extra.length, 30);
      centrals.push(ch, name, extra);
    } else {
      centrals.push(ch, name);
    }
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  eocd.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  eocd.writeUInt32LE(zip64 ? 0xffffffff : cd.length, 12);
  eocd.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  if (!zip64) return Buffer.concat([...locals, cd, eocd]);
  const rec = Buffer.alloc(56);
  rec.writeUInt32LE(0x06064b50, 0);
  rec.writeBigUInt64LE(44n, 4);
  rec.writeUInt16LE(45, 12);
  rec.writeUInt16LE(45, 14);
  rec.writeBigUInt64LE(BigInt(entries.length), 24);
  rec.writeBigUInt64LE(BigInt(entries.length), 32);
  rec.writeBigUInt64LE(BigInt(cd.length), 40);
  rec.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([...locals, cd, rec, locator, eocd]);
}

export const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const REL = (type: string) => `${RNS}/${type}`;
export const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export const ROOT_RELS = `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL('officeDocument')}" Target="xl/workbook.xml"/></Relationships>`;

export function workbookRels(rels: [id: string, type: string, target: string][]): string {
  return `${XML}<Relationships xmlns="${PKG}">${rels.map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL(type)}" Target="${target}"/>`).join('')}</Relationships>`;
}

/** A one-sheet workbook around the given sheet XML (and optional shared strings / styles). */
export function simpleParts(sheetXml: string, extra: { sst?: string; styles?: string; workbook?: string } = {}): ZipInput[] {
  const rels: [string, string, string][] = [['rId1', 'worksheet', 'worksheets/sheet1.xml']];
  if (extra.sst) rels.push(['rId2', 'sharedStrings', 'sharedStrings.xml']);
  if (extra.styles) rels.push(['rId3', 'styles', 'styles.xml']);
  const parts: ZipInput[] = [
    { name: '[Content_Types].xml', data: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>` },
    { name: '_rels/.rels', data: ROOT_RELS },
    {
      name: 'xl/workbook.xml',
      data: extra.workbook ?? `${XML}<workbook xmlns="${NS}" xmlns:r="${RNS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels(rels) },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml },
  ];
  if (extra.sst) parts.push({ name: 'xl/sharedStrings.xml', data: extra.sst });
  if (extra.styles) parts.push({ name: 'xl/styles.xml', data: extra.styles });
  return parts;
}


/**
 * ~2 GiB of `<row/>` deflated to a few MB without deflating 2 GiB: one
 * 1 MiB block compressed once with a full flush (so it references nothing
 * before it) and repeated.
 */
export function bombSheet(repeats: number): { compressed: Buffer; size: number } {
  const head = Buffer.from(`${XML}<worksheet xmlns="${NS}"><sheetData>`);
  const unit = Buffer.from('<row/>'.repeat(174_763));
  const tail = Buffer.from('</sheetData></worksheet>');
  const flush = { finishFlush: Z.Z_FULL_FLUSH, level: 9 };
  const block = deflateRawSync(unit, flush);
  const compressed = Buffer.concat([deflateRawSync(head, flush), ...Array.from({ length: repeats }, () => block), deflateRawSync(tail)]);
  return { compressed, size: head.length + unit.length * repeats + tail.length };
}

