/**
 * A figure the provider reported (a 合计 row, a 小计 column, the hotline
 * total) that disagrees with the one computed from the rows: a warning with
 * both figures and the difference. The bulletin prints the computed figure.
 */
import type { Issue, Location } from '../issues.js';
import { issue } from '../issues.js';
import { formatYuan } from './money.js';

export type Unit = 'count' | 'fen';

function show(n: number, unit: Unit): string {
  return unit === 'fen' ? `${formatYuan(n)} 元` : String(n);
}

export function mismatch(what: string, reported: number, computed: number, unit: Unit, where: Location): Issue | undefined {
  if (reported === computed) return undefined;
  const diff = reported - computed;
  return issue(
    'warning',
    'total-mismatch',
    `${what}：报表为 ${show(reported, unit)}，按明细计算为 ${show(computed, unit)}，相差 ${show(Math.abs(diff), unit)}（报表${diff > 0 ? '多' : '少'}）`,
    where,
    { expected: show(computed, unit), found: show(reported, unit) },
  );
}
