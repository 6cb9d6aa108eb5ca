/**
 * The two data-collection tables. The district table has the two-row header
 * with 健康档案累计上传总量 over 基本信息/高血压/糖尿病; the hospital table has
 * one header row.
 */
import type { CollectionLine } from '../../model/collection.js';
import type { TableBlock, TableCell, TableColumn } from '../blocks.js';
import { fitColumns } from '../widths.js';
import type { TableHead } from './head.js';
import { heading } from './head.js';

const COMMON = ['接入单位', '申明上传表/规定上传表', '已上传表（CDA文档）', '数据上传量', '数据上传天数', '门急诊信息上传人次', '出院信息上传人次'];

function ratio(l: CollectionLine): string {
  return `${l.ratio.declared ?? '未反馈'}/${l.ratio.required}`;
}

function commonCells(l: CollectionLine, head: TableHead): TableCell[] {
  const n = (v: number) => head.fmt.count(v);
  return [
    { text: l.name },
    { text: ratio(l), align: 'center' },
    { text: n(l.uploadedTables) },
    { text: n(l.records) },
    { text: String(l.days) },
    { text: n(l.outpatient) },
    { text: n(l.discharge) },
  ];
}

function columnsFor(n: number): Omit<TableColumn, 'weight'>[] {
  return [{ align: 'left' }, { align: 'center' }, ...Array.from({ length: n - 2 }, () => ({ align: 'right' as const, numeric: true }))];
}

export function collectionDistrictsTable(lines: CollectionLine[], head: TableHead): TableBlock {
  const n = (v: number | undefined) => (v === undefined ? '' : head.fmt.count(v));
  const header: TableCell[][] = [
    [...COMMON.map((text) => ({ text, rowSpan: 2 })), { text: '健康档案累计上传总量', colSpan: 3 }],
    [{ text: '基本信息' }, { text: '高血压' }, { text: '糖尿病' }],
  ];
  const body = lines.map((l) => [
    ...commonCells(l, head),
    { text: n(l.ehrBasic) },
    { text: n(l.ehrHypertension) },
    { text: n(l.ehrDiabetes) },
  ]);
  return {
    type: 'table',
    id: 'stats-collection-districts',
    ...heading(head),
    columns: fitColumns(columnsFor(10), header, body),
    header,
    rows: body.map((cells) => ({ kind: 'data', cells })),
  };
}

export function collectionHospitalsTable(lines: CollectionLine[], head: TableHead): TableBlock {
  const header: TableCell[][] = [COMMON.map((text) => ({ text }))];
  const body = lines.map((l) => commonCells(l, head));
  return {
    type: 'table',
    id: 'stats-collection-hospitals',
    ...heading(head),
    columns: fitColumns(columnsFor(7), header, body),
    header,
    rows: body.map((cells) => ({ kind: 'data', cells })),
  };
}
