/** The booking table: 小计 computed per hospital, ranked by it, totals computed and cross-checked. */
import type { Issue } from '../issues.js';
import type { Bookings } from '../tables/bookings.js';
import { BOOKING_CHANNELS } from '../tables/bookings.js';
import { mismatch } from './cross-check.js';
import { rankBy, sum } from './rank.js';

type Channel = (typeof BOOKING_CHANNELS)[number];

export interface BookingLine {
  rank: number;
  name: string;
  online: number;
  phone: number;
  clinic: number;
  thirdParty: number;
  subtotal: number;
}

export interface BookingsModel {
  rows: BookingLine[];
  totals: Record<Channel | 'subtotal', number>;
}

const CHANNEL_NAMES: Record<Channel | 'subtotal', string> = {
  online: '12320在线预约',
  phone: '电话预约',
  clinic: '诊间预约',
  thirdParty: '第三方',
  subtotal: '小计',
};

export function bookingsModel(data: Bookings): { model: BookingsModel; issues: Issue[] } {
  const issues: Issue[] = [];
  const lines = data.rows.map(({ record: r, source }) => {
    const subtotal = r.online + r.phone + r.clinic + r.thirdParty;
    const at = source.cells.get('subtotal');
    if (r.subtotal !== null && r.subtotal !== undefined && at) {
      const m = mismatch(`${r.name}的小计与各途径之和不符`, r.subtotal, subtotal, 'count', {
        file: source.file,
        sheet: source.sheet,
        cell: at.cell,
        column: at.header,
      });
      if (m) issues.push(m);
    }
    return { name: r.name, online: r.online, phone: r.phone, clinic: r.clinic, thirdParty: r.thirdParty, subtotal };
  });
  const ranked = rankBy(lines, (l) => l.subtotal, (l) => l.name).map((l, i) => ({ rank: i + 1, ...l }));
  const totals = {
    online: sum(lines, (l) => l.online),
    phone: sum(lines, (l) => l.phone),
    clinic: sum(lines, (l) => l.clinic),
    thirdParty: sum(lines, (l) => l.thirdParty),
    subtotal: sum(lines, (l) => l.subtotal),
  };
  for (const t of data.reported) {
    for (const key of [...BOOKING_CHANNELS, 'subtotal'] as const) {
      const v = t.values.get(key);
      const at = t.source.cells.get(key);
      if (v === undefined || !at) continue;
      const m = mismatch(`预约挂号合计（${CHANNEL_NAMES[key]}）与各医院之和不符`, v, totals[key], 'count', {
        file: t.source.file,
        sheet: t.source.sheet,
        cell: at.cell,
        column: at.header,
      });
      if (m) issues.push(m);
    }
  }
  return { model: { rows: ranked, totals }, issues };
}
