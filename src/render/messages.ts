/** Messages between the main thread and the render worker (./worker.ts, ./parallel.ts). */
import type { BulletinDocument } from '../document/blocks.js';
import type { MonthReport } from '../model/report.js';
import { BulletinError, type ErrorCode } from '../errors.js';
import type { OutlinedChart } from './docx/raster.js';
import type { WarmRequest } from './worker-start.js';

export type RenderMessage =
  /** pdf: the PDF renderer and fonts; charts: the charts' font (their text outlined for the DOCX's images); svgs: ECharts */
  | ({ type: 'warm' } & WarmRequest)
  /**
   * draw the report's chart SVGs, for the render job with the same id (whose document has empty SVGs);
   * outline: and their text as outlines, for the DOCX's images (that job's render then asks for no charts)
   */
  | { type: 'svgs'; id: number; report: MonthReport; outline: boolean }
  | { type: 'render'; id: number; document: BulletinDocument; pdf: boolean; charts: boolean };

export type WorkerReply =
  /** chart id → SVG */
  | { type: 'svgs'; id: number; svgs: [string, string][] }
  /** chart id (chartSvgId) → the SVG with its text outlined */
  | { type: 'charts'; id: number; outlined: [string, OutlinedChart][] }
  | { type: 'pdf'; id: number; bytes: Uint8Array }
  | { type: 'error'; id: number; error: SerializedError };

export interface SerializedError {
  message: string;
  stack?: string;
  /** a BulletinError's code */
  code?: ErrorCode;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof BulletinError) return { message: error.message, code: error.code, ...(error.stack ? { stack: error.stack } : {}) };
  if (error instanceof Error) return { message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { message: String(error) };
}

/** The error again, on this side: a BulletinError stays one (with its exit code); anything else is a bug, with the worker's stack. */
export function deserializeError(e: SerializedError): Error {
  if (e.code) return new BulletinError(e.code, e.message);
  const error = new Error(e.message);
  if (e.stack) error.stack = e.stack;
  return error;
}
