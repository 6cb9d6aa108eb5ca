/**
 * The shared strings table (`sst`), streamed: each `<si>` is its `<t>` text,
 * or its rich-text runs joined; phonetic runs (`<rPh>`) are left out; OOXML
 * `_xHHHH_` escapes are decoded. The table is kept in memory (cells index it),
 * the XML is not.
 *
 * The table is compact: strings are joined into blocks of 4,096 with their end
 * offsets in a typed array, instead of a million small string objects (a
 * call log's phone numbers are mostly unique). That is less than half the
 * memory, and the garbage collector has almost nothing to trace or promote.
 * `get` slices a string out on demand; `MemoStrings` keeps what it handed
 * out, so a grid shares one string per distinct value.
 */
import type { StringTable } from './cells.js';
import { corrupt, XlsxError } from './errors.js';
import { MAX_CELL_TEXT } from './limits.js';
import { scanEntry } from './parts.js';
import type { Attrs, XmlHandler } from './xml.js';
import { decodeOoxmlEscapes, decodeText } from './xml.js';
import type { ZipArchive } from './zip.js';

const BLOCK_BITS = 12;
const BLOCK = 1 << BLOCK_BITS;

export class SharedStrings implements StringTable {
  size = 0;
  private readonly blocks: string[] = [];
  private ends = new Uint32Array(BLOCK);
  private parts: string[] = [];
  private partLength = 0;

  push(s: string): void {
    if (this.size === this.ends.length) {
      const ends = new Uint32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.partLength += s.length;
    this.ends[this.size++] = this.partLength;
    this.parts.push(s);
    if (this.parts.length === BLOCK) this.seal();
  }

  /** Joins the strings pushed since the last block into one. */
  seal(): void {
    if (this.parts.length === 0) return;
    this.blocks.push(this.parts.join(''));
    this.parts = [];
    this.partLength = 0;
  }

  get(i: number): string {
    const block = this.blocks[i >>> BLOCK_BITS]!;
    const start = (i & (BLOCK - 1)) === 0 ? 0 : this.ends[i - 1]!;
    return block.slice(start, this.ends[i]!);
  }
}

/** A table that hands out one string object per index, however often it is asked. */
export class MemoStrings implements StringTable {
  private readonly memo: (string | undefined)[] = [];

  constructor(private readonly table: StringTable) {}

  get size(): number {
    return this.table.size;
  }

  get(i: number): string {
    return (this.memo[i] ??= this.table.get(i));
  }
}

class SharedStringsHandler implements XmlHandler {
  capturing = false;
  readonly strings = new SharedStrings();
  private inSi = false;
  private inPhonetic = false;
  private current = '';
  private buffer = '';

  constructor(private readonly maxStrings: number) {}

  open(name: string, attrs: Attrs, selfClosing: boolean): number | void {
    if (name === 'si') {
      if (selfClosing) this.push('');
      else {
        // the common `<si><t>text</t></si>` in one go
        const s = attrs.s;
        const p = attrs.end + 1;
        if (s.startsWith('<t>', p)) {
          const e = s.indexOf('<', p + 3);
          if (e >= 0 && s.startsWith('</t></si>', e)) {
            if (e - p > MAX_CELL_TEXT) throw corrupt(`共享字符串超过 ${MAX_CELL_TEXT} 个字符`);
            this.push(decodeOoxmlEscapes(decodeText(s.slice(p + 3, e), false)));
            return e + 9;
          }
        }
        this.inSi = true;
        this.current = '';
      }
    } else if (name === 't') {
      if (this.inSi && !this.inPhonetic && !selfClosing) {
        this.capturing = true;
        this.buffer = '';
      }
    } else if (name === 'rPh') {
      if (!selfClosing) this.inPhonetic = true;
    }
  }

  close(name: string): void {
    if (name === 't') {
      if (this.capturing) {
        this.current += this.buffer;
        this.capturing = false;
        if (this.current.length > MAX_CELL_TEXT) throw corrupt(`共享字符串超过 ${MAX_CELL_TEXT} 个字符`);
      }
    } else if (name === 'rPh') {
      this.inPhonetic = false;
    } else if (name === 'si') {
      if (this.inSi) this.push(decodeOoxmlEscapes(this.current));
      this.inSi = false;
    }
  }

  text(raw: string, cdata: boolean): void {
    this.buffer += decodeText(raw, cdata);
    if (this.buffer.length > MAX_CELL_TEXT) throw corrupt(`共享字符串超过 ${MAX_CELL_TEXT} 个字符`);
  }

  private push(s: string): void {
    if (this.strings.size >= this.maxStrings) {
      throw new XlsxError({
        code: 'workbook-too-large',
        expected: `共享字符串不超过 ${this.maxStrings} 个`,
        found: `超过 ${this.maxStrings} 个共享字符串`,
      });
    }
    this.strings.push(s);
  }
}

export async function readSharedStrings(zip: ZipArchive, part: string | undefined, maxStrings: number): Promise<SharedStrings> {
  const entry = part === undefined ? undefined : zip.get(part);
  const handler = new SharedStringsHandler(maxStrings);
  if (entry) await scanEntry(zip, entry, handler);
  handler.strings.seal();
  return handler.strings;
}
