/**
 * Our own .xlsx reader: fast, streaming, and hardened against hostile files.
 *
 *   readXlsx(path, name)   whole workbook → grids + issues (never throws)
 *   openXlsx(path, name)   the sheet list; each sheet read whole (readSheet)
 *                          or streamed row by row (streamRows, flat memory)
 *
 * openXlsx, readSheet and streamRows throw XlsxError, whose `toIssue(file)`
 * is the Issue to show; readXlsx returns those issues instead.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { Issue } from '../../issues.js';
import type { CellValue, MergeRange, SheetGrid } from '../grid.js';
import { EMPTY } from '../grid.js';
import type { DecodeContext } from './cells.js';
import { asXlsxError, XlsxError } from './errors.js';
import type { ResolvedLimits, XlsxLimits } from './limits.js';
import { resolveLimits } from './limits.js';
import type { SheetRef, SheetState, WorkbookInfo } from './parts.js';
import { readWorkbookInfo, scanEntry } from './parts.js';
import { MemoStrings, readSharedStrings } from './shared-strings.js';
import type { SheetScanOptions } from './sheet.js';
import { SheetHandler } from './sheet.js';
import { compoundFileError, isCompoundFile, noZipError } from './sniff.js';
import { readDateStyles } from './styles.js';
import type { ZipEntry } from './zip.js';
import { NoZipDirectory, ZipArchive } from './zip.js';
import { randomAccess, readUpTo } from './random-access.js';

export type { XlsxLimits } from './limits.js';
export { DEFAULT_LIMITS } from './limits.js';
export { XlsxError } from './errors.js';
export type { XlsxErrorCode } from './errors.js';

export interface WorkbookRead {
  sheets: SheetGrid[];
  issues: Issue[];
}

export interface XlsxSheet {
  name: string;
  /** 0-based position among the workbook's sheets (workbook.xml order) */
  index: number;
  /** hidden sheets are listed and read like the others */
  state: SheetState;
}

export interface StreamedRow {
  /** 0-based row index */
  row: number;
  /** 0-based columns; trailing empty cells left off */
  cells: CellValue[];
}

export interface XlsxWorkbook {
  /** worksheets in workbook order (chart sheets, which hold no cells, are left out) */
  readonly sheets: XlsxSheet[];
  /** a whole sheet as a grid; with maxRows, only its first rows (merged ranges still read) */
  readSheet(name: string, opts?: { maxRows?: number }): Promise<SheetGrid>;
  /** the size of the sheet's XML in bytes, as the zip's directory gives it (0 when it gives none) */
  sheetBytes(name: string): number;
  /**
   * The sheet's rows that hold a value, in file order, without keeping them:
   * memory stays flat in the number of rows. Merged ranges come after the
   * rows in the file, so cells under a merge are as written (normally empty).
   */
  streamRows(name: string, opts?: { fromRow?: number }): AsyncIterable<StreamedRow>;
  close(): Promise<void>;
}

/** Cells (padding included) that streamRows holds between two hand-outs. */
const MAX_PENDING_CELLS = 1 << 20;
const NO_BYTES = Buffer.alloc(0);

interface CellBudget {
  remaining: number;
}

function tooManyCells(limit: number): XlsxError {
  return new XlsxError({
    code: 'workbook-too-large',
    expected: `工作簿不超过 ${limit} 个单元格`,
    found: `超过 ${limit} 个单元格（含行内空白单元格）`,
  });
}

class Workbook implements XlsxWorkbook {
  readonly sheets: XlsxSheet[];
  private contextPromise: Promise<{ ctx: DecodeContext; dateStyles: boolean[] }> | undefined;
  private closed = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly zip: ZipArchive,
    private readonly info: WorkbookInfo,
    private readonly limits: ResolvedLimits,
    private readonly displayName: string,
  ) {
    this.sheets = info.sheets.filter((s) => s.kind === 'worksheet').map((s) => ({ name: s.name, index: s.index, state: s.state }));
  }

  /** Shared strings and date styles, loaded once, on first use. */
  context(): Promise<{ ctx: DecodeContext; dateStyles: boolean[] }> {
    this.contextPromise ??= (async () => {
      const [sharedStrings, dateStyles] = await Promise.all([
        readSharedStrings(this.zip, this.info.sharedStringsPart, this.limits.maxCells),
        readDateStyles(this.zip, this.info.stylesPart),
      ]);
      return { ctx: { sharedStrings, date1904: this.info.date1904 }, dateStyles };
    })();
    return this.contextPromise;
  }

  private sheetEntry(name: string): { ref: SheetRef; entry: ZipEntry } {
    if (this.closed) throw new Error('workbook is closed');
    const ref = this.info.sheets.find((s) => s.name === name && s.kind === 'worksheet');
    if (!ref) {
      throw new XlsxError({ code: 'missing-sheet', found: name, expected: this.sheets.map((s) => s.name).join('、') });
    }
    const entry = ref.part === undefined ? undefined : this.zip.get(ref.part);
    if (!entry) throw new XlsxError({ code: 'corrupt-workbook', found: `工作表的数据部件 ${ref.part ?? '（无）'} 不存在`, sheet: name });
    return { ref, entry };
  }

  sheetBytes(name: string): number {
    return this.sheetEntry(name).entry.uncompressedSize;
  }

  readSheet(name: string, opts: { maxRows?: number } = {}): Promise<SheetGrid> {
    return this.readSheetWithin(name, opts, { remaining: this.limits.maxCells });
  }

  async readSheetWithin(name: string, opts: { maxRows?: number }, budget: CellBudget): Promise<SheetGrid> {
    try {
      const { entry } = this.sheetEntry(name);
      const context = await this.context();
      // a grid keeps its strings: one string object per distinct shared string
      const ctx: DecodeContext = { ...context.ctx, sharedStrings: new MemoStrings(context.ctx.sharedStrings) };
      const dateStyles = context.dateStyles;
      const limit = this.limits.maxCells;
      const rows: CellValue[][] = [];
      const sink = (r: number, cells: CellValue[]) => {
        const existing = rows[r];
        if (existing === undefined) {
          rows[r] = cells;
          budget.remaining -= cells.length;
        } else {
          // the same row twice: later cells win
          const before = existing.length;
          for (let i = 0; i < cells.length; i++) if (cells[i]!.kind !== 'empty') existing[i] = cells[i]!;
          for (let i = before; i < existing.length; i++) if (existing[i] === undefined) existing[i] = EMPTY;
          budget.remaining -= existing.length - before;
        }
        if (budget.remaining < 0) throw tooManyCells(limit);
      };
      const options: SheetScanOptions = { wantMerges: true };
      if (opts.maxRows !== undefined) options.maxRows = opts.maxRows;
      const handler = new SheetHandler(ctx, dateStyles, sink, options);
      await scanEntry(this.zip, entry, handler, handler.scanner);
      for (let i = 0; i < rows.length; i++) {
        if (rows[i] === undefined) {
          rows[i] = [];
          if (--budget.remaining < 0) throw tooManyCells(limit);
        }
      }
      const merges = applyMerges(rows, handler.merges);
      return { file: this.displayName, sheet: name, rows, merges, ...(handler.truncated ? { truncated: true } : {}) };
    } catch (e) {
      const x = asXlsxError(e);
      x.sheet ??= name;
      throw x;
    }
  }

  streamRows(name: string, opts: { fromRow?: number } = {}): AsyncIterable<StreamedRow> {
    return { [Symbol.asyncIterator]: () => new BatchedIterator(this.rowBatches(name, opts)) };
  }

  /** The rows, a batch per inflated chunk (handing them out one by one through an async generator costs more than reading them). */
  private async *rowBatches(name: string, opts: { fromRow?: number }): AsyncGenerator<StreamedRow[], void, undefined> {
    try {
      const { entry } = this.sheetEntry(name);
      const { ctx, dateStyles } = await this.context();
      let pending: StreamedRow[] = [];
      let pendingCells = 0;
      const options: SheetScanOptions = { wantMerges: false };
      if (opts.fromRow !== undefined) options.fromRow = opts.fromRow;
      const handler = new SheetHandler(
        ctx,
        dateStyles,
        (row, cells) => {
          pending.push({ row, cells });
          pendingCells += cells.length;
          // rows are handed out between chunks; a chunk of very wide sparse rows pauses the scan early
          if (pendingCells > MAX_PENDING_CELLS) handler.scanner.pause();
        },
        options,
      );
      const scanner = handler.scanner;
      for await (const chunk of this.zip.stream(entry)) {
        scanner.write(chunk);
        for (;;) {
          if (pending.length) {
            const batch = pending;
            pending = [];
            pendingCells = 0;
            yield batch;
          }
          if (!scanner.isPaused) break;
          scanner.resume();
          scanner.write(NO_BYTES);
        }
      }
      scanner.end();
      if (pending.length) yield pending;
    } catch (e) {
      const x = asXlsxError(e);
      x.sheet ??= name;
      throw x;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}

/** Hands out batches one item at a time, with one already-resolved promise per item. */
class BatchedIterator<T> implements AsyncIterator<T, undefined> {
  private batch: T[] = [];
  private i = 0;

  constructor(private readonly batches: AsyncGenerator<T[], void, undefined>) {}

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.i < this.batch.length) return Promise.resolve({ value: this.batch[this.i++]!, done: false });
    return this.batches.next().then((r) => {
      this.batch = [];
      this.i = 0;
      if (r.done) return { value: undefined, done: true };
      this.batch = r.value;
      return this.next();
    });
  }

  /** The consumer stopped early (break, return, throw): release the streams. */
  async return(): Promise<IteratorResult<T, undefined>> {
    this.batch = [];
    await this.batches.return(undefined);
    return { value: undefined, done: true };
  }
}

/**
 * Keeps the merged ranges as written and empties every covered cell but the
 * master, so a merged total is never counted twice. (The sheet scanner has
 * already refused merges covering more than MAX_MERGED_CELLS cells, so this
 * and the downstream merge lookups stay bounded.)
 */
function applyMerges(rows: CellValue[][], merges: MergeRange[]): MergeRange[] {
  for (const m of merges) {
    const bottom = Math.min(m.bottom, rows.length - 1);
    for (let r = m.top; r <= bottom; r++) {
      const row = rows[r]!;
      const right = Math.min(m.right, row.length - 1);
      let changed = false;
      for (let c = r === m.top ? m.left + 1 : m.left; c <= right; c++) {
        if (row[c]!.kind !== 'empty') {
          row[c] = EMPTY;
          changed = true;
        }
      }
      if (changed) {
        let n = row.length;
        while (n > 0 && row[n - 1]!.kind === 'empty') n--;
        row.length = n;
      }
    }
  }
  return merges;
}

/** Opens a workbook: checks what the file is and reads its sheet list. Throws XlsxError. `displayName` names the file in grids. */
export async function openXlsx(path: string, displayName: string, limits?: Partial<XlsxLimits>): Promise<XlsxWorkbook> {
  return openWorkbook(path, displayName, resolveLimits(limits));
}

async function openWorkbook(path: string, displayName: string, limits: ResolvedLimits): Promise<Workbook> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw asXlsxError(e);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new XlsxError({ code: 'unreadable-file', message: '无法读取文件：不是普通文件' });
    const bytes = await randomAccess(handle, st.size, limits.wholeFileBytes);
    const head = await readUpTo(bytes, 0, 4096);
    if (isCompoundFile(head)) throw await compoundFileError(bytes, st.size);
    let zip: ZipArchive;
    try {
      zip = await ZipArchive.open(bytes, st.size, limits);
    } catch (e) {
      if (e instanceof NoZipDirectory) throw noZipError(head, st.size);
      throw e;
    }
    const info = await readWorkbookInfo(zip);
    return new Workbook(handle, zip, info, limits, displayName);
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw asXlsxError(e);
  }
}

/** The whole workbook as grids, one per worksheet; every problem is an issue, nothing is thrown. */
export async function readXlsx(path: string, displayName: string, limits?: Partial<XlsxLimits>): Promise<WorkbookRead> {
  const resolved = resolveLimits(limits);
  const issues: Issue[] = [];
  let wb: Workbook;
  try {
    wb = await openWorkbook(path, displayName, resolved);
  } catch (e) {
    issues.push(asXlsxError(e).toIssue(displayName));
    return { sheets: [], issues };
  }
  const sheets: SheetGrid[] = [];
  try {
    try {
      await wb.context();
    } catch (e) {
      issues.push(asXlsxError(e).toIssue(displayName));
      return { sheets, issues };
    }
    const budget: CellBudget = { remaining: resolved.maxCells };
    for (const s of wb.sheets) {
      try {
        sheets.push(await wb.readSheetWithin(s.name, {}, budget));
      } catch (e) {
        const x = asXlsxError(e);
        issues.push(x.toIssue(displayName));
        if (x.code === 'workbook-too-large' && budget.remaining < 0) break;
      }
    }
  } finally {
    await wb.close().catch(() => undefined);
  }
  return { sheets, issues };
}
