/**
 * One error class for everything a user can cause or meet (bad input, usage,
 * I/O). The CLI maps `exitCode` to the process exit code and prints `message`
 * without a stack; anything that is not a BulletinError is a bug (exit 70).
 */
export type ErrorCode =
  | 'usage'
  | 'data'
  | 'io'
  | 'config'
  | 'template'
  | 'font'
  | 'render';

const EXIT: Record<ErrorCode, number> = {
  usage: 2,
  data: 1,
  io: 3,
  config: 2,
  template: 2,
  font: 1,
  render: 1,
};

export class BulletinError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BulletinError';
    this.code = code;
    this.exitCode = EXIT[code];
  }
}
