/**
 * Header detection and every table kind, on workbooks written here with
 * exceljs: titles and unit rows above the header, aliases, odd header
 * spellings, shuffled and extra columns, merged cells, total and note rows.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../src/issues.js';
import type { MonthData } from '../src/month/load.js';
import { loadWorkbooks } from '../src/month/load.js';
import { headerKey, isTotalLabel } from '../src/sheets/normalize.js';
import { allHeaders } from '../src/tables/kind.js';
import { KINDS } from '../src/tables/registry.js';
import { openXlsx } from '../src/sheets/xlsx/index.js';
import { DISTRICTS, ALIASES } from './helpers/config.js';
import type { SheetSpec } from './helpers/workbook.js';
import { tempDir, writeWorkbook } from './helpers/workbook.js';

const OCT = { year: 2020, month: 10 };
let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});

async function load(name: string, sheets: SheetSpec[]): Promise<MonthData> {
  const path = await writeWorkbook(join(dir, name), sheets);
  return loadWorkbooks([path], OCT, { aliases: ALIASES, districts: DISTRICTS });
}

const errors = (d: MonthData): Issue[] => d.issues.filter((i) => i.severity === 'error');

describe('header detection', () => {
  it('may pass over numbers when it looks for a header: no header of any kind prints like a number', () => {
    const keys = KINDS.flatMap((k) => k.columns.flatMap((c) => allHeaders(c).map(headerKey)));
    expect(keys.length).toBeGreaterThan(50);
    // what String(number) can print: digits, a sign, a point, an exponent, Infinity, NaN
    expect(keys.filter((k) => /^(?:[-+0-9.e]*|-?infinity|nan)$/.test(k))).toEqual([]);
  });

  it('finds the header under a title row and a unit row, by header names only', async () => {
    const d = await load('whatever.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['2020年10月预约挂号服务统计表'],
          ['填报单位：南京市卫生信息中心', null, null, null, '单位：次'],
          ['序号', '单位', '12320在线预约', '电话预约', '诊间预约', '第三方', '小计'],
          [1, '南京鼓楼医院', 10, 20, 30, 40, 100],
          [2, '南京市儿童医院', 1, 2, 3, 4, 10],
          ['合计', null, 11, 22, 33, 44, 110],
        ],
        merges: ['A1:G1', 'A6:B6'],
      },
    ]);
    expect(d.tables).toEqual([expect.objectContaining({ kind: 'bookings', sheet: 'Sheet1', headerRow: 3, rows: 2 })]);
    expect(d.bookings!.rows.map((r) => r.record.name)).toEqual(['南京鼓楼医院', '南京市儿童医院']);
    expect(d.bookings!.reported[0]!.values.get('subtotal')).toBe(110);
    expect(errors(d)).toEqual([]);
  });

  it('matches headers ignoring white space, line breaks, case and full-/half-width parentheses; any column order; extra columns ignored', async () => {
    const d = await load('kiosk.xlsx', [
      {
        name: '自助机',
        rows: [
          ['缴费金额\n(元)', '备注', ' 单 位 ', '投放台数', '挂号(次)', '挂号金额（元）', '缴费（次）'],
          ['1,234.50', '新增', '南京鼓楼医院', 3, 10, 100, 5],
        ],
      },
    ]);
    expect(d.tables[0]!.kind).toBe('kiosks');
    const row = d.kiosks!.rows[0]!.record;
    expect(row).toMatchObject({ name: '南京鼓楼医院', machines: 3, regCount: 10, regAmount: 10000, payCount: 5, payAmount: 123450, group: '医疗单位' });
  });

  it('reads a two-row header with a group cell merged over sub-columns as group/sub', async () => {
    const head1 = ['接入单位', '申明上传表/规定上传表', '已上传表（CDA文档）', '数据上传量', '数据上传天数', '门急诊信息上传人次', '出院信息上传人次', '健康档案累计上传总量', null, null];
    const head2 = [null, null, null, null, null, null, null, '基本信息', '高血压', '糖尿病'];
    const d = await load('区.xlsx', [
      {
        name: 'x',
        rows: [['2020年10月南京市卫生信息平台数据采集情况（区）'], head1, head2, ['江宁区', '52/129', 52, 8735580, 29, 442719, 6236, 938401, 83003, 28590], ['秦淮区', '未反馈/129', 29, 1296021, 21, 99747, 101, 436030, 68123, 22444]],
        merges: ['A1:J1', 'H2:J2', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:E3', 'F2:F3', 'G2:G3'],
      },
    ]);
    expect(d.tables[0]!.kind).toBe('collection-districts');
    expect(d.collectionDistricts!.rows.map((r) => r.record)).toEqual([
      expect.objectContaining({ name: '江宁区', ratio: { declared: 52, required: 129 }, ehrBasic: 938401, ehrHypertension: 83003, ehrDiabetes: 28590 }),
      expect.objectContaining({ name: '秦淮区', ratio: { declared: null, required: 129 } }),
    ]);
    expect(errors(d)).toEqual([]);
  });

  it('tells the hospital collection table (no 健康档案 group, alias headers) from the district one', async () => {
    const d = await load('医院.xlsx', [
      {
        name: 'x',
        rows: [
          ['接入单位', '申明上传表/规定上传', '已上传表/CDA文档（份）', '数据上传量', '数据上传天数', '门急诊信息上传人次', '出院信息上传人次'],
          ['江苏省中医院', '26/83', 13, 19699810, 31, 464801, 6355],
        ],
      },
    ]);
    expect(d.tables[0]!.kind).toBe('collection-hospitals');
    expect(d.collectionHospitals!.rows[0]!.record).toMatchObject({ name: '江苏省中医院', uploadedTables: 13, records: 19699810 });
  });

  it('reads the channel list laid out as two side-by-side blocks ending in a merged 合计：N cell', async () => {
    const d = await load('途径.xlsx', [
      {
        name: '分途径',
        rows: [
          ['2020年10月分途径预约情况统计'],
          ['（不包含12320电话预约、医院诊间预约、医院自有途径预约）'],
          ['序号', '名称', '预约数量', '序号', '名称', '预约数量'],
          [1, '健康南京客户端', 78888, 4, '就医160', 112],
          [2, '南京卫生12320微信平台', 20897, 5, '电信百号', 2],
          [3, '12320快速预约', 12666, null, null, null],
          ['合计：112565'],
        ],
        merges: ['A1:F1', 'A2:F2', 'A7:F7'],
      },
    ]);
    expect(d.tables[0]!.kind).toBe('channels');
    expect(d.channels!.rows.map((r) => r.name).sort()).toEqual(['12320快速预约', '健康南京客户端', '南京卫生12320微信平台', '就医160', '电信百号'].sort());
    expect(d.channels!.reported[0]!.values.get('count')).toBe(112565);
  });

  it('reads the kiosk group from a first column merged down each group', async () => {
    const d = await load('kiosk2.xlsx', [
      {
        name: 'k',
        rows: [
          ['单位', null, '投放台数', '挂号（次）', '挂号金额（元）', '缴费（次）', '缴费金额（元）'],
          ['医\n疗\n单\n位', '江苏省人民医院', 200, 26416, 557560, 33700, 12153438.31],
          [null, '上海梅山医院', 7, 0, 0, 0, 0],
          ['各\n区', '江宁区', 78, 15333, 159397, 6615, 744038.69],
          [null, '溧水区', 53, 11731, 123729, 9123, 2514900.57],
          ['合计', null, 338, 53480, 840686, 49438, 15412377.57],
        ],
        merges: ['A1:B1', 'A2:A3', 'A4:A5', 'A6:B6'],
      },
    ]);
    expect(d.tables[0]!.kind).toBe('kiosks');
    const rows = d.kiosks!.rows.map((r) => [r.record.group, r.record.name]);
    // the alias list maps former names to current ones
    expect(rows).toEqual([
      ['医疗单位', '江苏省人民医院'],
      ['医疗单位', '南京梅山医院'],
      ['各区', '江宁区'],
      ['各区', '溧水区'],
    ]);
    expect(d.kiosks!.reported[0]!.values.get('payAmount')).toBe(1541237757);
  });

  it('reads the kiosk group from a 类别 column', async () => {
    const d = await load('kiosk3.xlsx', [
      {
        name: 'k',
        rows: [
          ['类别', '单位', '投放台数', '挂号（次）', '挂号金额（元）', '缴费（次）', '缴费金额（元）'],
          ['各区', '江宁区', 78, 15333, 159397, 6615, 744038.69],
          ['医疗单位', '南京鼓楼医院', 108, 143926, 3272324, 71286, 28394183.81],
        ],
      },
    ]);
    expect(d.kiosks!.rows.map((r) => r.record.group)).toEqual(['各区', '医疗单位']);
  });

  it('reads the hotline summary and keeps the reported total apart from the categories', async () => {
    const d = await load('热线.xlsx', [
      {
        name: '汇总',
        rows: [['项目', '数量'], ['受理咨询电话总量', 91739], ['咨询类（不含专家咨询）', 41513], ['医疗服务投诉', 177], ['电话预约', 49593], ['心理危机干预', 346], ['医院满意度调查', 105], ['自助语音问答', 59], ['市12345工单', 1440], ['受理省12345工单', 2195]],
      },
    ]);
    expect(d.hotline!.reportedTotal!.value).toBe(91739);
    expect(d.hotline!.reportedTotal!.cell).toBe('B2');
    expect(d.hotline!.counts).toEqual({ consult: 41513, complaint: 177, phoneBooking: 49593, crisis: 346, satisfaction: 105, selfService: 59, city12345: 1440, province12345: 2195 });
  });

  it('reads province calls with city names with or without 市', async () => {
    const d = await load('省.xlsx', [{ name: 's', rows: [['设区市', '电话量'], ['南京市', 91739], ['苏州', 25029]] }]);
    expect(d.province!.rows).toEqual([
      { city: '南京市', calls: 91739 },
      { city: '苏州市', calls: 25029 },
    ]);
  });

  it('reads telemedicine rosters, one sheet per platform, with empty optional figures', async () => {
    const header = ['平台', '机构名称', '城市', '所在区', '机构类别', '本月上传量', '本月会诊量'];
    const d = await load('远程.xlsx', [
      { name: '心电', rows: [header, ['远程心电', '江苏省人民医院', '南京市', '鼓楼区', '三级医院', 31082, 5], ['远程心电', '马鞍山市人民医院', '马鞍山市', null, '都市圈医疗机构', 10, null]] },
      { name: '影像', rows: [header, ['远程影像', '江苏省人民医院', null, '鼓楼区', '三级医院', 1, 0]] },
    ]);
    expect(d.tables.map((t) => t.kind)).toEqual(['telemedicine', 'telemedicine']);
    expect(d.telemedicine!.rows.map((r) => [r.record.platform, r.record.name, r.record.city, r.record.consultations])).toEqual([
      ['远程心电', '江苏省人民医院', '南京市', 5],
      ['远程心电', '马鞍山市人民医院', '马鞍山市', null],
      ['远程影像', '江苏省人民医院', null, 0],
    ]);
  });

  it('reads every row past the header search, from a sheet read whole at once (small) or searched first (over 1 MiB of XML)', async () => {
    const header = ['平台', '机构名称', '城市', '所在区', '机构类别', '本月上传量', '本月会诊量'];
    const roster = (n: number) => [['远程会诊平台接入机构名单'], header, ...Array.from({ length: n }, (_, i) => ['远程会诊', `第${i + 1}家医疗机构`, '南京市', '鼓楼区', '三级医院', i, i % 7])];
    for (const n of [150, 4_000]) {
      const path = await writeWorkbook(join(dir, `roster-${n}.xlsx`), [{ name: 's', rows: roster(n) }]);
      const wb = await openXlsx(path, 'roster.xlsx');
      const bytes = wb.sheetBytes('s');
      await wb.close();
      // the two ways src/month/load.ts reads a sheet
      expect(bytes > 1 << 20).toBe(n > 1_000);
      const d = await loadWorkbooks([path], OCT, { aliases: ALIASES, districts: DISTRICTS });
      expect(errors(d)).toEqual([]);
      expect(d.tables).toEqual([expect.objectContaining({ kind: 'telemedicine', headerRow: 2, rows: n })]);
      expect(d.telemedicine!.rows.at(-1)!.record).toMatchObject({ name: `第${n}家医疗机构`, uploads: n - 1, consultations: (n - 1) % 7 });
      expect(d.telemedicine!.rows.at(-1)!.source.row).toBe(n + 1);
    }
  });

  it('skips blank rows and notes rows between and after data rows', async () => {
    const d = await load('notes.xlsx', [
      {
        name: 's',
        rows: [['地市', '接听电话（人次）'], ['南京市', 5], [], ['苏州市', 6], ['注：数据来源于省12320管理中心'], ['（单位：人次）']],
      },
    ]);
    expect(d.province!.rows.map((r) => r.city)).toEqual(['南京市', '苏州市']);
    expect(errors(d)).toEqual([]);
  });

  it('reads numbers stored as text with separators, spaces and full-width digits, formulas by their cached result, rich text names', async () => {
    const d = await load('cells.xlsx', [
      {
        name: 's',
        rows: [
          ['单位', '12320在线预约', '电话预约', '诊间预约', '第三方', '小计'],
          [{ richText: [{ text: '南京' }, { text: '鼓楼医院' }] }, '１２,３４５', ' 1 000 ', 0, 5, { formula: 'SUM(B2:E2)', result: 13350 }],
        ],
      },
    ]);
    expect(errors(d)).toEqual([]);
    expect(d.bookings!.rows[0]!.record).toMatchObject({ name: '南京鼓楼医院', online: 12345, phone: 1000, clinic: 0, thirdParty: 5, subtotal: 13350 });
  });
});

describe('total rows', () => {
  it('knows 合计 and 总计 however typed, and nothing else', () => {
    for (const t of ['合计', '总计', ' 合 计 ', '合计：125732', '总计:9', '\u{1F234}计']) expect(isTotalLabel(t), t).toBe(true);
    for (const t of ['合', '计', '小计', '合计数', '累计', '南京市', '12320', '']) expect(isTotalLabel(t), t).toBe(false);
  });

  it('may turn away a text without 计 unread: no other character becomes 计 under NFKC', () => {
    const becomes: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (c !== '计' && c.normalize('NFKC').includes('计')) becomes.push(cp.toString(16));
    }
    expect(becomes).toEqual([]);
  });
});

describe('reading problems', () => {
  it('reports every bad cell with its address, header, what was expected and what was found', async () => {
    const d = await load('bad.xlsx', [
      {
        name: '预约',
        rows: [
          ['单位', '12320在线预约', '电话预约', '诊间预约', '第三方'],
          ['南京鼓楼医院', 'abc', -1, 2.5, 0],
          ['南京鼓楼医院', 1, 1, 1, 1],
          ['南京市儿童医院', 1, 1, 1, 1],
        ],
      },
    ]);
    const e = errors(d);
    expect(e.map((i) => [i.code, i.cell, i.column])).toEqual([
      ['not-a-number', 'B2', '12320在线预约'],
      ['negative', 'C2', '电话预约'],
      ['fraction', 'D2', '诊间预约'],
    ]);
    expect(e[0]).toMatchObject({ file: 'bad.xlsx', sheet: '预约', expected: '非负整数', found: '“abc”' });
    // the first row was bad, so the second 南京鼓楼医院 is the first valid one: no duplicate
    expect(d.bookings!.rows).toHaveLength(2);
  });

  it('reports the same name twice in a table', async () => {
    // 南京 and 南京市 are the same city
    const d = await load('dup.xlsx', [{ name: 's', rows: [['地市', '接听电话（人次）'], ['南京市', 1], ['苏州市', 2], ['南京', 3]] }]);
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'duplicate-name', cell: 'A4' })]);
    const d2 = await load('dup2.xlsx', [{ name: 's', rows: [['单位', '12320在线预约', '电话预约', '诊间预约', '第三方'], ['南京鼓楼医院', 1, 1, 1, 1], [' 南京 鼓楼医院 ', 3, 1, 1, 1]] }]);
    expect(errors(d2)).toEqual([expect.objectContaining({ code: 'duplicate-name', cell: 'A3' })]);
  });

  it('reports a missing required column and suggests the closest header', async () => {
    const d = await load('missing.xlsx', [{ name: 's', rows: [['单位', '12320在线预约', '电话预约', '诊间预约', '第三方预约量'], ['南京鼓楼医院', 1, 1, 1, 1]] }]);
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'missing-column', expected: '第三方', found: '第三方预约量' })]);
  });

  it('reports a title naming another month', async () => {
    const d = await load('sep.xlsx', [{ name: 's', rows: [['2020年9月全省12320各市电话量'], ['地市', '接听电话（人次）'], ['南京市', 1]] }]);
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'wrong-month', cell: 'A1', expected: '2020年10月' })]);
  });

  it('reports an unknown hotline item with the known ones', async () => {
    const d = await load('item.xlsx', [{ name: 's', rows: [['项目', '数量'], ['咨询类', 1], ['投诉建议', 2]] }]);
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'unknown-item', cell: 'A3', found: '投诉建议' })]);
  });

  it('reports 数据上传天数 beyond the days of the month', async () => {
    const d = await load('days.xlsx', [
      {
        name: 's',
        rows: [
          ['接入单位', '申明上传表/规定上传表', '已上传表（CDA文档）', '数据上传量', '数据上传天数', '门急诊信息上传人次', '出院信息上传人次'],
          ['南京鼓楼医院', '1/2', 1, 1, 32, 1, 1],
        ],
      },
    ]);
    expect(errors(d).map((i) => [i.code, i.cell])).toEqual([['invalid-value', 'E2']]);
    const path = await writeWorkbook(join(dir, 'days-nov.xlsx'), [
      {
        name: 's',
        rows: [
          ['接入单位', '申明上传表/规定上传表', '已上传表（CDA文档）', '数据上传量', '数据上传天数', '门急诊信息上传人次', '出院信息上传人次'],
          ['南京鼓楼医院', '1/2', 1, 1, 31, 1, 1],
        ],
      },
    ]);
    const nov = await loadWorkbooks([path], { year: 2020, month: 11 }, { aliases: {}, districts: DISTRICTS });
    expect(errors(nov)).toEqual([expect.objectContaining({ code: 'days-beyond-month', cell: 'E2', expected: '0–30', found: '31' })]);
  });

  it('warns about a sheet that holds no known table, and (for a month) about kinds with no table', async () => {
    const path = await writeWorkbook(join(dir, 'other.xlsx'), [
      { name: '联系人', rows: [['本文件为十月报表'], ['联系人', '张三']] },
      { name: '填报说明', rows: [['本表为 2020年10月 的数据']] },
    ]);
    const files = await loadWorkbooks([path], OCT, { aliases: ALIASES, districts: DISTRICTS });
    expect(files.issues.map((i) => [i.code, i.sheet])).toEqual([['unknown-sheet', '联系人']]);
    const month = await loadWorkbooks([path], OCT, { aliases: ALIASES, districts: DISTRICTS, expectAllKinds: true });
    // eight kinds: the hotline summary and its call-detail log stand in for each other
    expect(month.issues.filter((i) => i.code === 'missing-kind').length).toBe(8);
  });
});
