/**
 * A worksheet part, scanned as it streams: `<row>` and `<c>` elements (with
 * or without `r`: then the next row / next column), `t`/`s` attributes, `<v>`,
 * `<f>` (shared formulas too), `<is>` inline strings; and `<mergeCell>`s.
 * Each finished row goes to a sink as an array of CellValue (0-based columns,
 * trailing empties left off); rows without any value are not reported. The
 * `<dimension>` element is ignored (writers get it wrong).
 */
import type { CellValue, MergeRange } from '../grid.js';
import { a1, EMPTY } from '../grid.js';
import type { DecodeContext, RawCell } from './cells.js';
import { decodeCell, intIn, parseCellRefIn, parseRange, shiftFormula } from './cells.js';
import { corrupt, XlsxError } from './errors.js';
import { MAX_CELL_TEXT, MAX_COLS, MAX_MERGED_CELLS, MAX_ROWS } from './limits.js';
import type { Attrs, XmlHandler } from './xml.js';
import { decodeOoxmlEscapes, decodeText, XmlScanner } from './xml.js';

export type RowSink = (row: number, cells: CellValue[]) => void;

export interface SheetScanOptions {
  /** rows before this (0-based) are skipped without decoding */
  fromRow?: number;
  /** rows from this one on are not read */
  maxRows?: number;
  /** after maxRows: skip ahead to the merged ranges (true) or stop reading (false) */
  wantMerges?: boolean;
}

const MAX_SHARED_FORMULAS = 100_000;


const CAPTURE_NONE = 0;
const CAPTURE_V = 1;
const CAPTURE_F = 2;
const CAPTURE_T = 3;

interface SharedMaster {
  formula: string;
  row: number;
  col: number;
}

export class SheetHandler implements XmlHandler {
  capturing = false;
  readonly scanner: XmlScanner;
  readonly merges: MergeRange[] = [];
  private mergedArea = 0;

  private readonly fromRow: number;
  private readonly maxRows: number;
  /** true once a row at or past maxRows was met: the sheet has more rows than were read */
  truncated = false;
  private readonly wantMerges: boolean;
  private readonly ref: [number, number] = [0, 0];

  private buffer = '';
  private capture = CAPTURE_NONE;
  private inSheetData = false;

  private inRow = false;
  private rowIndex = -1;
  private lastRow = -1;
  private rowExplicit = false;
  private cellsInRow = 0;
  private skipRow = false;
  private cells: CellValue[] = [];
  private lastValueCol = -1;
  private nextCol = 0;

  private inCell = false;
  private cellCol = 0;
  private readonly raw: RawCell = { type: '', v: null, f: null, inline: null, dateStyle: false };
  private inInline = false;
  private inPhonetic = false;
  private formulaType = '';
  private formulaSi: string | undefined;
  private sharedDependent: SharedMaster | undefined;
  private readonly sharedMasters = new Map<string, SharedMaster>();

  constructor(
    private readonly ctx: DecodeContext,
    private readonly dateStyles: readonly boolean[],
    private readonly sink: RowSink,
    options: SheetScanOptions = {},
  ) {
    this.fromRow = options.fromRow ?? 0;
    this.maxRows = options.maxRows ?? Infinity;
    this.wantMerges = options.wantMerges ?? true;
    this.scanner = new XmlScanner(this);
  }

  open(name: string, attrs: Attrs, selfClosing: boolean): number | void {
    switch (name) {
      case 'c':
        if (!this.inRow) return;
        if (this.inCell) this.endCell(); // an unclosed <c>
        this.startCell(attrs);
        if (!this.inCell) return;
        if (selfClosing) this.endCell();
        else if (!this.skipRow) return this.plainValue(attrs.s, attrs.end + 1);
        return;
      case 'v':
        if (!this.inCell || this.skipRow) return;
        if (selfClosing) this.raw.v = '';
        else this.startCapture(CAPTURE_V);
        return;
      case 'row':
        if (!this.inSheetData) return;
        if (this.inRow) this.endRow(); // an unclosed <row>
        this.startRow(attrs);
        if (selfClosing && this.inRow) this.endRow();
        return;
      case 'f':
        if (!this.inCell || this.skipRow) return;
        this.startFormula(attrs);
        if (selfClosing) this.endFormula('');
        else this.startCapture(CAPTURE_F);
        return;
      case 'is':
        if (!this.inCell || this.skipRow) return;
        this.raw.inline = '';
        this.inInline = !selfClosing;
        return;
      case 't':
        if (this.inInline && !this.inPhonetic && !selfClosing) this.startCapture(CAPTURE_T);
        return;
      case 'rPh':
        if (this.inInline && !selfClosing) this.inPhonetic = true;
        return;
      case 'sheetData':
        this.inSheetData = !selfClosing;
        return;
      case 'mergeCell': {
        const ref = attrs.get('ref');
        const range = ref === undefined ? undefined : parseRange(ref);
        if (range) {
          this.mergedArea += (range.bottom - range.top + 1) * (range.right - range.left + 1);
          if (this.mergedArea > MAX_MERGED_CELLS) {
            throw new XlsxError({
              code: 'workbook-too-large',
              expected: `合并单元格共不超过 ${MAX_MERGED_CELLS} 格`,
              found: `合并区域超过 ${MAX_MERGED_CELLS} 格（${this.merges.length + 1} 个区域）`,
            });
          }
          this.merges.push(range);
        }
        return;
      }
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
        if (this.capture === CAPTURE_V) this.raw.v = this.endCapture();
        return;
      case 'c':
        if (this.inCell) this.endCell();
        return;
      case 'row':
        if (this.inRow) this.endRow();
        return;
      case 'f':
        if (this.capture === CAPTURE_F) this.endFormula(this.endCapture());
        return;
      case 't':
        if (this.capture === CAPTURE_T) {
          const inline = (this.raw.inline ?? '') + this.endCapture();
          if (inline.length > MAX_CELL_TEXT) throw corrupt(`单元格内容超过 ${MAX_CELL_TEXT} 个字符`);
          this.raw.inline = inline;
        }
        return;
      case 'rPh':
        this.inPhonetic = false;
        return;
      case 'is':
        this.inInline = false;
        return;
      case 'sheetData':
        this.inSheetData = false;
        return;
    }
  }

  text(raw: string, cdata: boolean): void {
    this.buffer += decodeText(raw, cdata);
    if (this.buffer.length > MAX_CELL_TEXT) throw corrupt(`单元格内容超过 ${MAX_CELL_TEXT} 个字符`);
  }

  /**
   * The common cell `<c …><v>text</v></c>`, unprefixed, read in one go: returns
   * the position after `</c>`, or 0 to let the tag-by-tag path handle it.
   */
  private plainValue(s: string, p: number): number {
    if (s.charCodeAt(p) !== 60 || s.charCodeAt(p + 1) !== 118 /* v */ || s.charCodeAt(p + 2) !== 62) return 0;
    const e = s.indexOf('<', p + 3);
    if (e < 0 || !s.startsWith('</v></c>', e)) return 0;
    this.raw.v = decodeText(s.slice(p + 3, e), false);
    if (this.raw.v.length > MAX_CELL_TEXT) throw corrupt(`单元格内容超过 ${MAX_CELL_TEXT} 个字符`);
    this.endCell();
    return e + 8;
  }

  private startCapture(what: number): void {
    this.capture = what;
    this.capturing = true;
    this.buffer = '';
  }

  private endCapture(): string {
    this.capture = CAPTURE_NONE;
    this.capturing = false;
    const t = this.buffer;
    this.buffer = '';
    return t;
  }

  private startRow(attrs: Attrs): void {
    let r = -1;
    for (let k = 0; k < attrs.count; k++) {
      if (attrs.char1(k) === 114 /* r */) {
        r = intIn(attrs.s, attrs.valueStart(k), attrs.valueEnd(k));
        break;
      }
    }
    if (r >= 1) {
      this.rowIndex = r - 1;
      this.rowExplicit = true;
    } else {
      this.rowIndex = this.lastRow + 1;
      this.rowExplicit = false;
    }
    if (this.rowIndex >= MAX_ROWS) throw corrupt(`行号 ${this.rowIndex + 1} 超出 Excel 的 ${MAX_ROWS} 行`);
    this.inRow = true;
    this.cellsInRow = 0;
    this.nextCol = 0;
    this.lastValueCol = -1;
    this.cells = [];
    this.skipRow = this.rowIndex < this.fromRow;
    if (this.rowIndex >= this.maxRows) this.pastMaxRows();
  }

  /** The rows wanted are read: skip ahead to the merged ranges, or stop. */
  private pastMaxRows(): void {
    this.truncated = true;
    this.inRow = false;
    this.inCell = false;
    this.inSheetData = false;
    this.capturing = false;
    this.capture = CAPTURE_NONE;
    if (this.wantMerges) this.scanner.fastForward('mergeCells');
    else this.scanner.stop();
  }

  private startCell(attrs: Attrs): void {
    this.inCell = true;
    if (this.skipRow && this.rowExplicit) return;
    let col = -1;
    let type = '';
    let style = -1;
    const s = attrs.s;
    for (let k = 0; k < attrs.count; k++) {
      const n = attrs.char1(k);
      if (n === 114 /* r */) {
        if (parseCellRefIn(s, attrs.valueStart(k), attrs.valueEnd(k), this.ref)) {
          col = this.ref[1];
          // a row without `r` takes its number from its first cell's reference
          if (!this.rowExplicit && this.cellsInRow === 0 && this.ref[0] >= 0) {
            if (this.ref[0] >= MAX_ROWS) throw corrupt(`行号 ${this.ref[0] + 1} 超出 Excel 的 ${MAX_ROWS} 行`);
            this.rowIndex = this.ref[0];
            this.skipRow = this.rowIndex < this.fromRow;
            if (this.rowIndex >= this.maxRows) {
              this.pastMaxRows();
              return;
            }
          }
        }
      } else if (n === 116 /* t */) {
        type = attrs.value(k);
      } else if (n === 115 /* s */) {
        style = intIn(s, attrs.valueStart(k), attrs.valueEnd(k));
      }
    }
    if (col < 0) col = this.nextCol;
    if (col >= MAX_COLS) throw corrupt(`列号 ${col + 1} 超出 Excel 的 ${MAX_COLS} 列`);
    this.cellsInRow++;
    this.nextCol = col + 1;
    this.cellCol = col;
    const raw = this.raw;
    raw.type = type;
    raw.v = null;
    raw.f = null;
    raw.inline = null;
    raw.dateStyle = style >= 0 && this.dateStyles[style] === true;
    this.sharedDependent = undefined;
    this.inInline = false;
    this.inPhonetic = false;
  }

  private startFormula(attrs: Attrs): void {
    this.formulaType = attrs.get('t') ?? '';
    this.formulaSi = attrs.get('si');
  }

  private endFormula(text: string): void {
    if (this.formulaType === 'shared' && this.formulaSi !== undefined) {
      if (text !== '') {
        // the master of a shared formula (it carries `ref` and the text); the text is only for messages,
        // so past a sane number of masters the later ones are not remembered
        if (this.sharedMasters.size < MAX_SHARED_FORMULAS || this.sharedMasters.has(this.formulaSi)) {
          this.sharedMasters.set(this.formulaSi, { formula: text, row: this.rowIndex, col: this.cellCol });
        }
        this.raw.f = text;
      } else {
        this.sharedDependent = this.sharedMasters.get(this.formulaSi);
        this.raw.f = '';
      }
      return;
    }
    this.raw.f = text;
  }

  private endCell(): void {
    this.inCell = false;
    this.inInline = false;
    this.inPhonetic = false;
    if (this.capture !== CAPTURE_NONE) this.endCapture();
    if (this.skipRow) return;
    const raw = this.raw;
    if (raw.inline !== null) raw.inline = decodeOoxmlEscapes(raw.inline);
    else if (raw.v !== null && (raw.type === 'str' || raw.type === 'inlineStr')) raw.v = decodeOoxmlEscapes(raw.v);
    if (raw.v === null && this.sharedDependent) {
      const m = this.sharedDependent;
      raw.f = shiftFormula(m.formula, this.rowIndex - m.row, this.cellCol - m.col);
    }
    const value = decodeCell(raw, this.ctx);
    if (value === undefined) {
      throw corrupt(`${a1(this.rowIndex, this.cellCol)}：共享字符串编号 ${raw.v} 不存在（共 ${this.ctx.sharedStrings.size} 个）`);
    }
    if (value.kind !== 'empty') {
      this.cells[this.cellCol] = value;
      if (this.cellCol > this.lastValueCol) this.lastValueCol = this.cellCol;
    }
  }

  private endRow(): void {
    this.inRow = false;
    if (this.inCell) this.endCell();
    this.lastRow = this.rowIndex;
    if (this.skipRow || this.lastValueCol < 0) return;
    const cells = this.cells;
    for (let i = 0; i <= this.lastValueCol; i++) if (cells[i] === undefined) cells[i] = EMPTY;
    this.sink(this.rowIndex, cells);
  }
}
