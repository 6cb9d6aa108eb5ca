/** How much the reader accepts before it calls a workbook too large (a decompression bomb, say). */
export interface XlsxLimits {
  /** uncompressed bytes of any one part (zip entry) the reader reads; default 512 MiB */
  maxEntryBytes: number;
  /** uncompressed / compressed bytes of any one part; default 200 (checked once a part passes 1 MiB) */
  maxRatio: number;
  /**
   * cells a workbook may materialize as grids (readXlsx, readSheet), counting
   * the empty cells that pad a row up to its last value; also caps the number
   * of shared strings. Default 20,000,000. `streamRows` keeps no grid, so it is
   * not bound by it (except through the shared strings).
   */
  maxCells?: number;
  /**
   * a file up to this many bytes is read into memory in one call, a larger
   * one through positioned reads as its parts are streamed (./random-access.ts);
   * default 8 MiB, 0 reads every file through the disk
   */
  wholeFileBytes?: number;
}

export interface ResolvedLimits {
  maxEntryBytes: number;
  maxRatio: number;
  maxCells: number;
  wholeFileBytes: number;
}

export const DEFAULT_LIMITS: ResolvedLimits = Object.freeze({
  maxEntryBytes: 512 * 1024 * 1024,
  maxRatio: 200,
  maxCells: 20_000_000,
  wholeFileBytes: 8 * 1024 * 1024,
});

/** Below this many uncompressed bytes a part is never refused for its compression ratio. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/** Merged ranges may cover at most this many cells in one sheet (each covered cell costs downstream). */
export const MAX_MERGED_CELLS = 1_000_000;

/** Excel holds at most 32,767 characters in a cell; a text far past that is not a spreadsheet's. */
export const MAX_CELL_TEXT = 1 << 20;

/** Excel's own grid: 1,048,576 rows × 16,384 columns (XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

export function resolveLimits(limits: Partial<XlsxLimits> | undefined): ResolvedLimits {
  const pick = (v: number | undefined, d: number) => (typeof v === 'number' && v > 0 ? v : d);
  return {
    maxEntryBytes: pick(limits?.maxEntryBytes, DEFAULT_LIMITS.maxEntryBytes),
    maxRatio: pick(limits?.maxRatio, DEFAULT_LIMITS.maxRatio),
    maxCells: pick(limits?.maxCells, DEFAULT_LIMITS.maxCells),
    wholeFileBytes: typeof limits?.wholeFileBytes === 'number' && limits.wholeFileBytes >= 0 ? limits.wholeFileBytes : DEFAULT_LIMITS.wholeFileBytes,
  };
}
