/** The appendix of a draft: every problem found in the data, so the editor sees what to fix. */
import type { Issue } from '../issues.js';
import { formatLocation } from '../issues.js';
import type { Block } from './blocks.js';

export function describeIssue(i: Issue): string {
  const where = formatLocation(i);
  const detail = [i.expected ? `应为：${i.expected}` : '', i.found ? `实为：${i.found}` : ''].filter(Boolean).join('；');
  return `${where ? `${where}：` : ''}${i.message}${detail ? `（${detail}）` : ''}`;
}

export function issuesAppendix(issues: readonly Issue[]): Block[] {
  if (issues.length === 0) return [];
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  const blocks: Block[] = [
    { type: 'pageBreak' },
    { type: 'heading', level: 1, text: '附：数据校验问题', id: 'appendix-issues' },
    { type: 'paragraph', style: 'lead', runs: [{ text: `共 ${errors.length} 个错误，${warnings.length} 个警告` }] },
  ];
  for (const [label, list] of [['错误', errors], ['警告', warnings]] as const) {
    list.forEach((i, n) =>
      blocks.push({ type: 'paragraph', style: 'note', align: 'left', runs: [{ text: `${label} ${n + 1}. `, bold: true }, { text: describeIssue(i) }] }),
    );
  }
  return blocks;
}
