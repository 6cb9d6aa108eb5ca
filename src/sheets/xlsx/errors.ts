/**
 * The one way the xlsx reader fails: an XlsxError carrying the Issue to show
 * the editor. Everything below the public API throws these; `readXlsx` turns
 * them into issues, so a hostile or broken file never crashes a run.
 */
import type { Issue } from '../../issues.js';
import { issue } from '../../issues.js';

export type XlsxErrorCode =
  | 'unreadable-file'
  | 'not-a-workbook'
  | 'corrupt-workbook'
  | 'encrypted-workbook'
  | 'legacy-xls'
  | 'workbook-too-large'
  | 'missing-sheet';

const MESSAGES: Record<XlsxErrorCode, string> = {
  'unreadable-file': '无法读取文件',
  'not-a-workbook': '不是可读取的 Excel 工作簿（.xlsx）',
  'corrupt-workbook': '工作簿文件已损坏或不完整（可能没有传完整）：请重新导出，或在 Excel/WPS 中打开后另存为 .xlsx',
  'encrypted-workbook': '工作簿设置了打开密码，无法读取：请在 Excel/WPS 中去掉密码后另存为 .xlsx',
  'legacy-xls': '这是旧版 Excel 工作簿（.xls）：请在 Excel/WPS 中打开，另存为 Excel 工作簿（*.xlsx）',
  'workbook-too-large': '工作簿内容过大（解压后超出读取限制），已拒绝读取',
  'missing-sheet': '工作簿中没有这个工作表',
};

export interface XlsxProblem {
  code: XlsxErrorCode;
  /** overrides the standard message for the code */
  message?: string;
  expected?: string;
  found?: string;
  sheet?: string;
}

export class XlsxError extends Error {
  readonly code: XlsxErrorCode;
  readonly expected: string | undefined;
  readonly found: string | undefined;
  sheet: string | undefined;

  constructor(problem: XlsxProblem) {
    super(problem.message ?? MESSAGES[problem.code]);
    this.name = 'XlsxError';
    this.code = problem.code;
    this.expected = problem.expected;
    this.found = problem.found;
    this.sheet = problem.sheet;
  }

  /** The issue shown to the editor, for the file as the editor names it. */
  toIssue(file: string): Issue {
    const detail: { expected?: string; found?: string } = {};
    if (this.expected !== undefined) detail.expected = this.expected;
    if (this.found !== undefined) detail.found = this.found;
    const where = this.sheet === undefined ? { file } : { file, sheet: this.sheet };
    return issue('error', this.code, this.message, where, detail);
  }
}

export function corrupt(found: string, expected?: string): XlsxError {
  return new XlsxError(expected === undefined ? { code: 'corrupt-workbook', found } : { code: 'corrupt-workbook', found, expected });
}

/** Any failure as an XlsxError: unexpected ones (zlib, I/O) become corrupt-workbook. */
export function asXlsxError(e: unknown): XlsxError {
  if (e instanceof XlsxError) return e;
  const err = e as NodeJS.ErrnoException | undefined;
  const message = String(err?.message ?? e).slice(0, 200);
  if (err?.code === 'ENOENT' || err?.code === 'EACCES' || err?.code === 'EISDIR' || err?.code === 'EPERM') {
    return new XlsxError({ code: 'unreadable-file', message: `无法读取文件：${message}` });
  }
  return corrupt(message);
}

export function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes < 10485760 ? 1 : 0)} MiB`;
}
