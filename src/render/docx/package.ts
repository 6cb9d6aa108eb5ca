/**
 * Reproducible packaging: the same document gives the same bytes.
 *
 * docx's Packer stamps every zip entry with the current time (its bundled
 * fflate zipSync is called without an mtime) and writes the clock into
 * docProps/core.xml (dcterms:created/modified). Here core.xml is written from
 * the document's own date instead (through Packer's overrides), and the zip is
 * rewritten with JSZip: fixed entry order, every entry dated meta.date, one
 * compression level.
 */
import { Packer, type File } from 'docx';
import JSZip from 'jszip';
import { stripControlChars } from './text.js';

export interface CoreProperties {
  title: string;
  subject: string;
  creator: string;
  language: string;
  /** created and modified */
  date: Date;
}

const escapeXml = (text: string): string =>
  stripControlChars(text).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** W3CDTF in UTC to the second, e.g. 2020-11-30T00:00:00Z */
export function w3cdtf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function corePropertiesXml(props: CoreProperties): string {
  const when = w3cdtf(props.date);
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties' +
    ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"' +
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"' +
    ' xmlns:dcterms="http://purl.org/dc/terms/"' +
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(props.title)}</dc:title>` +
    `<dc:subject>${escapeXml(props.subject)}</dc:subject>` +
    `<dc:creator>${escapeXml(props.creator)}</dc:creator>` +
    `<cp:lastModifiedBy>${escapeXml(props.creator)}</cp:lastModifiedBy>` +
    '<cp:revision>1</cp:revision>' +
    `<dc:language>${escapeXml(props.language)}</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** DOS zip times run from 1980 to 2107; JSZip writes them from the date's UTC fields. */
export function zipEntryDate(date: Date): Date {
  const min = Date.UTC(1980, 0, 1);
  const max = Date.UTC(2107, 11, 31, 23, 59, 58);
  return new Date(Math.min(max, Math.max(min, date.getTime())));
}

/** The order entries are written in: content types and package relationships first, then by path. */
function entryOrder(a: string, b: string): number {
  const rank = (name: string) => (name === '[Content_Types].xml' ? 0 : name === '_rels/.rels' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Packs the document into DOCX bytes that depend on nothing but the document and `props`. */
export async function packReproducibly(file: File, props: CoreProperties): Promise<Buffer> {
  const packed = await Packer.toBuffer(file, false, [{ path: 'docProps/core.xml', data: corePropertiesXml(props) }]);
  return rezip(packed, props.date);
}

/**
 * Rewrites a zip deterministically. XML parts also lose any character that
 * may not appear in XML (a last guard: text is cleaned before it gets here).
 */
export async function rezip(zipBytes: Uint8Array, date: Date): Promise<Buffer> {
  const source = await JSZip.loadAsync(zipBytes);
  const names = Object.keys(source.files)
    .filter((name) => !source.files[name]?.dir)
    .sort(entryOrder);
  const stamp = zipEntryDate(date);
  const target = new JSZip();
  for (const name of names) {
    const entry = source.file(name);
    if (entry === null) continue;
    let data: Uint8Array | string = await entry.async('uint8array');
    if (/\.(xml|rels)$/.test(name)) data = stripControlChars(Buffer.from(data).toString('utf8'));
    target.file(name, data, { date: stamp, createFolders: false, compression: 'DEFLATE' });
  }
  return target.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    platform: 'DOS',
  });
}
