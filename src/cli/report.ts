/** Human-readable issue lists for the terminal (stderr), colored only on a TTY without NO_COLOR. */
import { describeIssue } from '../document/appendix.js';
import type { Issue } from '../issues.js';
import { countBySeverity } from '../issues.js';

export interface Painter {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function painter(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Painter {
  const on = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  const wrap = (code: number, reset: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[${reset}m` : s);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

export function formatIssues(issues: readonly Issue[], p: Painter): string[] {
  return issues.map((i) => (i.severity === 'error' ? p.red('错误') : p.yellow('警告')) + '  ' + describeIssue(i));
}

export function summaryLine(issues: readonly Issue[], p: Painter): string {
  const { errors, warnings } = countBySeverity(issues);
  const text = `共 ${errors} 个错误，${warnings} 个警告`;
  return errors ? p.red(p.bold(text)) : warnings ? p.yellow(text) : p.green(text);
}
