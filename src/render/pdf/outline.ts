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
import { fnvHex } from '../../runtime/fnv.js';

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
 * 16 bytes identifying the file: a hash of the document and the options it was drawn with (FNV,
 * ../../runtime/fnv.ts: the ID needs to be stable, not secret, and node:crypto is not loaded for it).
 */
export function fileId(doc: BulletinDocument, options: unknown, rendererVersion: string): Uint8Array {
  return Buffer.from(fnvHex(`${rendererVersion}\u0000${JSON.stringify(doc)}\u0000${JSON.stringify(options)}`, 4), 'hex');
}

/** Replaces pdfkit's ID (computed from the info at construction) before the trailer is written. */
export function setFileId(pdf: PDFKit.PDFDocument, id: Uint8Array): void {
  (pdf as unknown as { _id: Uint8Array })._id = id;
}
