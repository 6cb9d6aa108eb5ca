/**
 * Reproducible packaging: the same document gives the same bytes.
 *
 * docx's Packer stamps every zip entry with the current time (its bundled
 * fflate zipSync is called without an mtime) and writes the clock into
 * docProps/core.xml (dcterms:created/modified). Here docx only compiles the
 * package's parts (Packer's compiler, with core.xml written from the
 * document's own date as an override), and ./zip.ts zips them once: fixed
 * entry order, every entry dated meta.date, XML deflated at one level in
 * parallel, images stored. (Zipping docx's own zip output again deflated
 * everything twice: ≈470 ms of a cold build.)
 */
import { Packer, Paragraph, TextRun, type File } from 'docx';
import { stripControlChars } from './text.js';
import { writeZip } from './zip.js';

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

/** DOS zip times run from 1980 to 2107; ./zip.ts writes them from the date's UTC fields. */
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

export type Parts = Map<string, string | Uint8Array>;

interface PackageCompiler {
  compile(file: File, prettify: undefined, overrides: { path: string; data: string }[]): Parts;
}

/** The package's parts by path, as docx writes them (its Packer's compiler: no zip). */
function compileParts(file: File, overrides: { path: string; data: string }[]): Parts {
  const compiler = (Packer as unknown as { compiler?: Partial<PackageCompiler> }).compiler;
  if (typeof compiler?.compile !== 'function') {
    throw new Error('this version of docx has no Packer.compiler.compile (bulletin was written for docx 9.x)');
  }
  const parts = compiler.compile(file, undefined, overrides);
  if (!(parts instanceof Map)) throw new Error('docx compiled the package into something other than a map of parts');
  return parts;
}

/**
 * The package's parts by path, core.xml written from `props`; zipParts packs
 * them into bytes that depend on nothing but the document and `props`.
 */
export function compilePackage(file: File, props: CoreProperties): Parts {
  return compileParts(file, [{ path: 'docProps/core.xml', data: corePropertiesXml(props) }]);
}

/**
 * Stand-in bytes for image `index` of a document: docx compiles the document
 * around them (it names the media file by their hash, so each must differ)
 * and replaceMedia puts the real image in their place.
 */
export function imageStandIn(index: number): Uint8Array {
  return Buffer.from(`bulletin image stand-in ${index}`, 'utf8');
}

/**
 * A paragraph docx compiles in place of table `index` (./tables.ts writes
 * tables as XML); replaceTables puts the table's XML in its place. The text is
 * in the Private Use Area, which no text of ours uses.
 */
export function tableStandIn(index: number): Paragraph {
  return new Paragraph({ children: [new TextRun(tableStandInText(index))] });
}

const tableStandInText = (index: number) => `\uE000bulletin table ${index}\uE000`;

/** Puts each table's XML in place of its stand-in paragraph in word/document.xml. */
export function replaceTables(parts: Parts, tables: readonly string[]): void {
  if (tables.length === 0) return;
  const name = 'word/document.xml';
  const raw = parts.get(name);
  let xml = typeof raw === 'string' ? raw : raw === undefined ? '' : Buffer.from(raw).toString('utf8');
  tables.forEach((table, i) => {
    const standIn = `<w:p><w:r><w:t xml:space="preserve">${tableStandInText(i)}</w:t></w:r></w:p>`;
    const at = xml.indexOf(standIn);
    if (at < 0 || xml.indexOf(standIn, at + standIn.length) >= 0) throw new Error(`the document's XML has no single place for table ${i + 1}`);
    xml = xml.slice(0, at) + table + xml.slice(at + standIn.length);
  });
  parts.set(name, xml);
}

/** Puts `data` in place of the media part that holds `standIn`. */
export function replaceMedia(parts: Parts, standIn: Uint8Array, data: Uint8Array): void {
  for (const [name, value] of parts) {
    if (name.startsWith('word/media/') && typeof value !== 'string' && Buffer.compare(value, standIn) === 0) {
      parts.set(name, data);
      return;
    }
  }
  throw new Error(`the package has no media part for an image (${Buffer.from(standIn).toString('utf8')})`);
}

/**
 * Zips the parts deterministically. XML parts also lose any character that
 * may not appear in XML (a last guard: text is cleaned before it gets here).
 */
export async function zipParts(parts: ReadonlyMap<string, string | Uint8Array>, date: Date): Promise<Buffer> {
  const names = [...parts.keys()].filter((name) => !name.endsWith('/')).sort(entryOrder);
  const entries = names.map((name) => {
    const raw = parts.get(name)!;
    const xml = /\.(xml|rels)$/.test(name);
    let data: Uint8Array;
    if (xml) data = Buffer.from(stripControlChars(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8')), 'utf8');
    else data = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    // images are compressed already: stored, not deflated again
    return { name, data, deflate: !/\.(png|jpe?g|gif|odttf)$/i.test(name) };
  });
  return writeZip(entries, zipEntryDate(date));
}
