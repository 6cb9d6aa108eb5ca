/**
 * Kinds 6 and 7: data collected by the city's health-information platform,
 * by district (with the 健康档案 group of three columns) and by hospital
 * (without it — which is how the two are told apart).
 */
import { z } from 'zod';
import type { Issue } from '../issues.js';
import { issue } from '../issues.js';
import type { ColumnSpec, TableKind } from './kind.js';
import type { ReadRow, TableRead } from './read-table.js';

const count = z.number().int().nonnegative();
const ratio = z.object({ declared: z.number().int().nonnegative().nullable(), required: z.number().int().positive() });

const base = {
  name: z.string().min(1),
  ratio,
  uploadedTables: count,
  records: count,
  days: z.number().int().min(0, '数据上传天数应在 0–31 之间').max(31, '数据上传天数应在 0–31 之间'),
  outpatient: count,
  discharge: count,
};
const HospitalRow = z.object(base);
const DistrictRow = z.object({ ...base, ehrBasic: count, ehrHypertension: count, ehrDiabetes: count });
export type CollectionHospitalRow = z.infer<typeof HospitalRow>;
export type CollectionDistrictRow = z.infer<typeof DistrictRow>;
export type CollectionRow = CollectionHospitalRow & Partial<Pick<CollectionDistrictRow, 'ehrBasic' | 'ehrHypertension' | 'ehrDiabetes'>>;

const commonColumns: ColumnSpec[] = [
  { key: 'name', header: '接入单位', aliases: ['区', '单位'], type: 'name', required: true },
  { key: 'ratio', header: '申明上传表/规定上传表', aliases: ['申明上传表/规定上传'], type: 'ratio', required: true },
  { key: 'uploadedTables', header: '已上传表（CDA文档）', aliases: ['已上传表', '已上传表/CDA文档（份）', '已上传表（CDA文档）（份）'], type: 'count', required: true },
  { key: 'records', header: '数据上传量', type: 'count', required: true },
  { key: 'days', header: '数据上传天数', type: 'count', required: true },
  { key: 'outpatient', header: '门急诊信息上传人次', type: 'count', required: true },
  { key: 'discharge', header: '出院信息上传人次', type: 'count', required: true },
];

export const collectionDistrictsKind: TableKind<CollectionDistrictRow> = {
  id: 'collection-districts',
  label: '卫生信息平台数据采集情况（区）',
  nameKey: 'name',
  uniqueNames: true,
  columns: [
    ...commonColumns,
    { key: 'ehrBasic', header: '健康档案累计上传总量/基本信息', type: 'count', required: true },
    { key: 'ehrHypertension', header: '健康档案累计上传总量/高血压', type: 'count', required: true },
    { key: 'ehrDiabetes', header: '健康档案累计上传总量/糖尿病', type: 'count', required: true },
  ],
  schema: DistrictRow,
};

export const collectionHospitalsKind: TableKind<CollectionHospitalRow> = {
  id: 'collection-hospitals',
  label: '卫生信息平台数据采集情况（医院）',
  nameKey: 'name',
  uniqueNames: true,
  columns: commonColumns,
  // a district table with a misnamed 健康档案 sub-column must not pass for this one (inputs.md, kind 7)
  excludedBy: ['健康档案'],
  schema: HospitalRow,
};

export interface Collection {
  rows: ReadRow<CollectionRow>[];
}

/** 数据上传天数 cannot exceed the days of the month being built. */
export function assembleCollection(read: TableRead<CollectionRow>, daysInMonth: number): { data: Collection; issues: Issue[] } {
  const issues: Issue[] = [];
  for (const r of read.rows) {
    if (r.record.days > daysInMonth) {
      const at = r.source.cells.get('days')!;
      issues.push(
        issue('error', 'days-beyond-month', `数据上传天数超过本月天数`, { file: r.source.file, sheet: r.source.sheet, cell: at.cell, column: at.header }, {
          expected: `0–${daysInMonth}`,
          found: String(r.record.days),
        }),
      );
    }
  }
  return { data: { rows: read.rows }, issues };
}
