/**
 * Kind 5: the rosters of the four telemedicine platforms, one row per
 * connected institution. The bulletin's sentences are aggregates of these rows
 * (model/telemedicine.ts).
 */
import { z } from 'zod';
import type { Issue } from '../issues.js';
import { issue } from '../issues.js';
import type { TableKind } from './kind.js';
import type { ReadRow, TableRead } from './read-table.js';

export const PLATFORMS = ['远程会诊', '远程心电', '远程临检', '远程影像'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const CATEGORIES = ['三级医院', '二级医院', '社区卫生服务中心', '都市圈医疗机构', '对外帮扶医疗机构', '其他'] as const;
export type Category = (typeof CATEGORIES)[number];

const optionalCount = z.number().int().nonnegative().nullable();
const Row = z.object({
  platform: z.enum(PLATFORMS, { error: () => `平台应为 ${PLATFORMS.join('、')} 之一` }),
  name: z.string().min(1),
  city: z.string().nullable(),
  district: z.string().nullable(),
  category: z.enum(CATEGORIES, { error: () => `机构类别应为 ${CATEGORIES.join('、')} 之一` }),
  uploads: optionalCount,
  consultations: optionalCount,
  cumulativeConsultations: optionalCount,
  images: optionalCount,
  specimens: optionalCount,
});
export type TelemedicineRow = z.infer<typeof Row>;

export const telemedicineKind: TableKind<TelemedicineRow> = {
  id: 'telemedicine',
  label: '远程医疗平台接入机构',
  nameKey: 'name',
  columns: [
    { key: 'platform', header: '平台', aliases: ['平台名称'], type: 'text', required: true },
    { key: 'name', header: '机构名称', aliases: ['接入机构', '单位'], type: 'name', required: true },
    { key: 'city', header: '城市', aliases: ['所在城市'], type: 'city', required: false, allowMissing: true },
    { key: 'district', header: '所在区', aliases: ['区', '辖区'], type: 'name', required: false, allowMissing: true },
    { key: 'category', header: '机构类别', aliases: ['类别'], type: 'text', required: true },
    { key: 'uploads', header: '本月上传量', type: 'count', required: false, allowMissing: true },
    { key: 'consultations', header: '本月会诊量', type: 'count', required: false, allowMissing: true },
    { key: 'cumulativeConsultations', header: '累计会诊量', type: 'count', required: false, allowMissing: true },
    { key: 'images', header: '本月图像量', type: 'count', required: false, allowMissing: true },
    { key: 'specimens', header: '本月流转标本量', type: 'count', required: false, allowMissing: true },
  ],
  schema: Row,
};

export interface Telemedicine {
  rows: ReadRow<TelemedicineRow>[];
}

/** One institution once per platform: the same name twice on a platform is an error. */
export function assembleTelemedicine(reads: TableRead<TelemedicineRow>[]): { data: Telemedicine; issues: Issue[] } {
  const issues: Issue[] = [];
  const rows: ReadRow<TelemedicineRow>[] = [];
  const seen = new Map<string, string>();
  for (const read of reads) {
    for (const r of read.rows) {
      const key = `${r.record.platform}\u0000${r.record.name}`;
      const at = r.source.cells.get('name')!;
      const here = `${r.source.file} › ${r.source.sheet} › ${at.cell}`;
      const first = seen.get(key);
      if (first) {
        issues.push(
          issue('error', 'duplicate-name', `“${r.record.name}”在${r.record.platform}平台出现两次（另见 ${first}）`, {
            file: r.source.file,
            sheet: r.source.sheet,
            cell: at.cell,
            column: at.header,
          }, { found: r.record.name }),
        );
        continue;
      }
      seen.set(key, here);
      rows.push(r);
    }
  }
  return { data: { rows }, issues };
}
