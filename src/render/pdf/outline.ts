/**
 * What the PDF says about itself: the outline (bookmarks: level-1 headings
 * at the top, level-2 headings and table titles under the level-1 heading
 * before them), named destinations for heading and table ids, the document
 * information dictionary, and a file identifier derived from the content, so
 * that the same document gives the same bytes (pdfkit would otherwise stamp
 * the clock into CreationDate and the ID).
 */
import type { BulletinDocument } from '../../document/blocks.js';
import { cleanText } from './chars.js';
import { crc32 } from '../docx/zip.js';

interface OutlineItem {
  addItem(title: string, options?: { expanded?: boolean }): OutlineItem;
  outlineData: { Dest?: unknown[] };
}

interface PageInternals {
  page: { dictionary: unknown; height: number };
  outline: OutlineItem;
}

export class Outline {
  private readonly doc: PDFKit.PDFDocument;
  private section: OutlineItem | undefined;
  private readonly names = new Set<string>();
  /** entries so far, for tests and diagnostics: level, title, page */
  readonly entries: { level: 1 | 2; title: string; page: number }[] = [];

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
  }

  /**
   * Adds an entry pointing at `y` (points from the top) on the current page.
   * Level 2 entries nest under the last level 1 entry (top level if none yet).
   */
  add(level: 1 | 2, title: string, page: number, y: number, id?: string): void {
    const pdf = this.doc as unknown as PageInternals;
    const text = cleanText(title).trim() || '—';
    const parent = level === 1 || !this.section ? pdf.outline : this.section;
    const item = parent.addItem(text, { expanded: true });
    // pdfkit's default destination scrolls to the page's top right; point at the heading instead
    item.outlineData.Dest = [pdf.page.dictionary, 'XYZ', null, round(pdf.page.height - y), null];
    if (level === 1) this.section = item;
    this.entries.push({ level, title: text, page });
    if (id && !this.names.has(id)) {
      this.names.add(id);
      this.doc.addNamedDestination(id, 'XYZ', null, round(y), null);
    }
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export interface InfoOptions {
  keywords?: string | undefined;
  creator: string;
}

/** The document information dictionary: every date is the date, never the clock. */
export function documentInfo(doc: BulletinDocument, options: InfoOptions): PDFKit.DocumentInfo {
  const { meta } = doc;
  const info: PDFKit.DocumentInfo = {
    Title: cleanText(meta.title),
    Author: cleanText(meta.author),
    Subject: cleanText(meta.subject),
    Creator: options.creator,
    Producer: 'bulletin PDF renderer (PDFKit)',
    CreationDate: meta.date,
    ModDate: meta.date,
  };
  if (options.keywords) info.Keywords = cleanText(options.keywords);
  return info;
}

/**
 * 16 bytes identifying the file, from the document and the options it was drawn with: the CRC-32s
 * of the two halves of their serialization, the CRC-32 of it whole seeded otherwise, and its
 * length. An identifier (the PDF asks for one that differs between documents), not a digest:
 * CRC-32 is native in zlib (../docx/zip.ts), where SHA-256 needs node:crypto loaded (≈5 ms of the
 * render worker) and an FNV hash over the ≈70 KB in JavaScript took 8–13 ms.
 */
export function fileId(doc: BulletinDocument, options: unknown, rendererVersion: string): Uint8Array {
  const bytes = Buffer.from(`${rendererVersion}\u0000${JSON.stringify(doc)}\u0000${JSON.stringify(options)}`, 'utf8');
  const half = bytes.length >> 1;
  const id = Buffer.alloc(16);
  id.writeUInt32BE(crc32(bytes.subarray(0, half)), 0);
  id.writeUInt32BE(crc32(bytes.subarray(half)), 4);
  id.writeUInt32BE(crc32(bytes, 0x5bd1e995), 8);
  id.writeUInt32BE(bytes.length >>> 0, 12);
  return id;
}

/** Replaces pdfkit's ID (computed from the info at construction) before the trailer is written. */
export function setFileId(pdf: PDFKit.PDFDocument, id: Uint8Array): void {
  (pdf as unknown as { _id: Uint8Array })._id = id;
}
