/** The computations: totals, rankings, cross-checks and telemedicine aggregates, on data built here. */
import { describe, expect, it } from 'vitest';
import { bookingsModel } from '../src/model/bookings.js';
import { change } from '../src/model/change.js';
import { channelsModel } from '../src/model/channels.js';
import { hotlineModel } from '../src/model/hotline.js';
import { kiosksModel } from '../src/model/kiosks.js';
import { formatYuan } from '../src/model/money.js';
import { provinceModel } from '../src/model/province.js';
import { platformModel } from '../src/model/telemedicine.js';
import type { BookingRow } from '../src/tables/bookings.js';
import type { KioskEntry } from '../src/tables/kiosks.js';
import type { ReadRow, ReportedTotal, SourceRow } from '../src/tables/read-table.js';
import type { TelemedicineRow } from '../src/tables/telemedicine.js';
import { DISTRICTS } from './helpers/config.js';

function source(row: number, cells: Record<string, string> = {}): SourceRow {
  return { file: 'f.xlsx', sheet: 'S', row, cells: new Map(Object.entries(cells).map(([k, cell]) => [k, { cell, header: k }])) };
}

function reported(values: Record<string, number>, row = 99): ReportedTotal {
  const cells: Record<string, string> = {};
  for (const k of Object.keys(values)) cells[k] = `${k}${row}`;
  return { source: source(row, cells), values: new Map(Object.entries(values)) };
}

describe('bookings', () => {
  const rows: ReadRow<BookingRow>[] = [
    { record: { name: '乙医院', online: 1, phone: 2, clinic: 3, thirdParty: 4, subtotal: 10 }, source: source(3, { subtotal: 'G3' }) },
    { record: { name: '甲医院', online: 50, phone: 0, clinic: 0, thirdParty: 0, subtotal: 49 }, source: source(4, { subtotal: 'G4' }) },
    { record: { name: '丙医院', online: 5, phone: 5, clinic: 0, thirdParty: 0, subtotal: null }, source: source(5) },
  ];

  it('computes 小计, ranks by it (ties by name, whatever the row order) and renumbers', () => {
    const { model } = bookingsModel({ rows, reported: [] });
    expect(model.rows.map((r) => [r.rank, r.name, r.subtotal])).toEqual([
      [1, '甲医院', 50],
      [2, '丙医院', 10],
      [3, '乙医院', 10],
    ]);
    const reversed = bookingsModel({ rows: [...rows].reverse(), reported: [] }).model;
    expect(reversed.rows).toEqual(model.rows);
    expect(model.totals).toEqual({ online: 56, phone: 7, clinic: 3, thirdParty: 4, subtotal: 70 });
  });

  it('warns when a given 小计 or a 合计 differs from the computed one, with both figures and the difference', () => {
    const { issues } = bookingsModel({ rows, reported: [reported({ online: 56, subtotal: 69 })] });
    expect(issues.map((i) => [i.cell, i.severity])).toEqual([
      ['G4', 'warning'],
      ['subtotal99', 'warning'],
    ]);
    expect(issues[0]!.message).toContain('报表为 49，按明细计算为 50，相差 1');
    expect(issues[1]!.message).toContain('报表为 69，按明细计算为 70，相差 1');
  });
});

describe('hotline', () => {
  it('prints the reported total and warns that the categories add up to more', () => {
    const { model, issues } = hotlineModel({
      counts: { consult: 41513, complaint: 177, phoneBooking: 49593, crisis: 346, satisfaction: 105, selfService: 59, city12345: 1440, province12345: 2195 },
      reportedTotal: { value: 91739, file: 'h.xlsx', sheet: 'S', cell: 'B2' },
      source: { file: 'h.xlsx', sheet: 'S' },
    });
    expect(model.total).toBe(91739);
    expect(model.computedTotal).toBe(91793);
    expect(model.categories.map((c) => c.name)).toEqual(['咨询类（不含专家咨询）', '医疗服务投诉', '电话预约', '心理危机干预', '医院满意度调查（呼入）', '自助语音问答']);
    expect(issues).toEqual([expect.objectContaining({ code: 'total-mismatch', cell: 'B2', expected: '91793', found: '91739' })]);
    expect(issues[0]!.message).toContain('相差 54');
  });

  it('uses the computed total when none is reported', () => {
    const { model, issues } = hotlineModel({ counts: { consult: 1, complaint: 2, phoneBooking: 3, crisis: 4, satisfaction: 5, selfService: 6 }, source: { file: 'h', sheet: 's' } });
    expect(model.total).toBe(21);
    expect(model.city12345).toBeNull();
    expect(issues).toEqual([]);
  });
});

describe('province, channels', () => {
  it('ranks cities by calls and prints them without 市', () => {
    const { model } = provinceModel({ rows: [{ city: '无锡市', calls: 844 }, { city: '南京市', calls: 91739 }, { city: '苏州', calls: 25029 }], reported: [] });
    expect(model).toEqual({ total: 117612, cities: [{ name: '南京', calls: 91739 }, { name: '苏州', calls: 25029 }, { name: '无锡', calls: 844 }] });
  });

  it('ranks channels and cross-checks the 合计', () => {
    const { model, issues } = channelsModel({ rows: [{ name: 'b', count: 2 }, { name: 'a', count: 5 }], reported: [reported({ count: 8 })] });
    expect(model.rows.map((r) => [r.rank, r.name])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(model.total).toBe(7);
    expect(issues).toHaveLength(1);
  });
});

describe('kiosks', () => {
  it('sums money exactly in 分 and warns about a 0.01 元 difference', () => {
    // 0.1 + 0.2 style float errors must not appear: three amounts that are inexact in binary
    const entries: ReadRow<KioskEntry>[] = [
      { record: { group: '医疗单位', name: '甲', machines: 1, regCount: 1, regAmount: 10, payCount: 1, payAmount: 20 }, source: source(2) },
      { record: { group: '各区', name: '江宁区', machines: 5, regCount: 1, regAmount: 20, payCount: 1, payAmount: 27282568299 }, source: source(3) },
      { record: { group: '医疗单位', name: '乙', machines: 3, regCount: 1, regAmount: 30, payCount: 1, payAmount: 0 }, source: source(4) },
    ];
    const { model, issues } = kiosksModel({ rows: entries, reported: [reported({ payAmount: 27282568320 })] });
    expect(formatYuan(model.totals.payAmount)).toBe('272825683.19');
    expect(formatYuan(model.totals.regAmount)).toBe('0.60');
    expect(model.groups.map((g) => [g.group, g.rows.map((r) => r.name)])).toEqual([
      ['医疗单位', ['乙', '甲']],
      ['各区', ['江宁区']],
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('报表为 272825683.20 元，按明细计算为 272825683.19 元，相差 0.01 元');
  });
});

describe('telemedicine', () => {
  const row = (r: Partial<TelemedicineRow> & Pick<TelemedicineRow, 'name' | 'category'>): TelemedicineRow => ({
    platform: '远程心电',
    city: null,
    district: null,
    uploads: null,
    consultations: null,
    cumulativeConsultations: null,
    images: null,
    specimens: null,
    ...r,
  });
  const rows: TelemedicineRow[] = [
    row({ name: '江苏省人民医院', category: '三级医院', district: '鼓楼区', uploads: 300, consultations: 2 }),
    row({ name: '南京鼓楼医院', category: '三级医院', district: '鼓楼区', uploads: 200 }),
    row({ name: '江宁区东山街道社区卫生服务中心', category: '社区卫生服务中心', district: '江宁区', uploads: 150, consultations: 1 }),
    row({ name: '江宁区秣陵街道社区卫生服务中心', category: '社区卫生服务中心', district: '江宁区', uploads: 100 }),
    row({ name: '玄武区梅园新村街道社区卫生服务中心', category: '社区卫生服务中心', district: '玄武区', uploads: 10 }),
    row({ name: '高淳区人民医院', category: '二级医院', district: '高淳区', uploads: 0 }),
    row({ name: '镇江市第一人民医院', category: '都市圈医疗机构', city: '镇江市', uploads: 5 }),
    row({ name: '扬州市中医院', category: '都市圈医疗机构', city: '扬州', uploads: 5 }),
    row({ name: '马鞍山市人民医院', category: '都市圈医疗机构', city: '马鞍山市' }),
    row({ name: '马鞍山市中心医院', category: '都市圈医疗机构', city: '马鞍山市' }),
  ];

  it('counts institutions, cities (home city first, then by count), categories and 二级以上', () => {
    const m = platformModel('远程心电', rows, { city: '南京市', districts: DISTRICTS });
    expect(m.institutions).toBe(10);
    expect(m.cities).toEqual(['南京市', '马鞍山市', '扬州市', '镇江市']);
    expect(m.byCategory).toMatchObject({ 三级医院: 2, 二级医院: 1, 社区卫生服务中心: 3, 都市圈医疗机构: 4 });
    expect(m.secondaryOrAbove).toBe(3);
  });

  it('covers the districts of its community health centers, in official order; the rest are not covered', () => {
    const m = platformModel('远程心电', rows, { city: '南京市', districts: DISTRICTS });
    expect(m.districtsCovered).toEqual(['玄武区', '江宁区']);
    expect(m.districtsNotCovered).toEqual(DISTRICTS.filter((d) => d !== '玄武区' && d !== '江宁区'));
  });

  it('ranks uploaders with a district’s community health centers counted together under its name', () => {
    const m = platformModel('远程心电', rows, { city: '南京市', districts: DISTRICTS });
    expect(m.top).toEqual([
      { name: '江苏省人民医院', uploads: 300 },
      { name: '江宁区', uploads: 250 },
      { name: '南京鼓楼医院', uploads: 200 },
    ]);
    expect(m.uploads).toBe(770);
    expect(m.consultations).toBe(3);
  });
});

describe('changes', () => {
  it('rounds the percentage half up to one decimal from exact arithmetic', () => {
    expect(change(1063, 1000).text).toBe('增长6.3%');
    expect(change(994, 1000).text).toBe('下降0.6%');
    // 0.25% exactly: half up to 0.3, not the binary float's 0.2
    expect(change(100250, 100000).text).toBe('增长0.3%');
    expect(change(99750, 100000).text).toBe('下降0.3%');
    expect(change(91739, 86477)).toMatchObject({ direction: 'up', tenths: 61 });
  });

  it('says 持平 within ±0.05%, and increase in absolute terms from zero', () => {
    expect(change(100050, 100000).text).toBe('持平');
    expect(change(99950, 100000).text).toBe('持平');
    expect(change(100051, 100000).text).toBe('增长0.1%');
    expect(change(5, 0).text).toBe('增加5');
    expect(change(0, 0).text).toBe('持平');
  });
});

describe('issue numbers', () => {
  it('follow the data month (2020-10 → 2020年第11期, 2020-12 → 2021年第1期) unless bulletin.yaml gives them', async () => {
    const { issueNumber } = await import('../src/model/issue-number.js');
    expect(issueNumber({ year: 2020, month: 10 }, undefined, undefined)).toEqual({ year: 2020, number: 11, serial: null });
    expect(issueNumber({ year: 2020, month: 12 }, undefined, undefined)).toEqual({ year: 2021, number: 1, serial: null });
    expect(issueNumber({ year: 2020, month: 10 }, { issue: { year: 2020, number: 12 } }, undefined).number).toBe(12);
  });

  it('count the serial on monthly from one known issue', async () => {
    const { issueNumber, issueLine } = await import('../src/model/issue-number.js');
    const known = { month: '2020-10', serial: 245 };
    expect(issueNumber({ year: 2021, month: 3 }, undefined, known).serial).toBe(250);
    expect(issueLine(issueNumber({ year: 2020, month: 10 }, undefined, known))).toBe('2020年第11期 · 总第245期');
    expect(issueNumber({ year: 2020, month: 10 }, { issue: { year: 2020, number: 11, serial: 300 } }, known).serial).toBe(300);
  });
});
