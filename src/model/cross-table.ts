/**
 * Figures that two different providers report and that must agree: the
 * hotline's 电话预约 against the booking table's phone total, and the
 * province table's figure for the city against the hotline's total. A
 * disagreement is a warning at the hotline's figure that names the other
 * table's cell too, so that whoever fixes it finds both.
 */
import type { Issue } from '../issues.js';
import { formatLocation, issue } from '../issues.js';
import type { MonthData } from '../month/load.js';
import { cityKey } from '../sheets/normalize.js';
import type { Bookings } from '../tables/bookings.js';
import type { ProvinceCalls } from '../tables/province.js';
import type { MonthReport } from './report.js';
import type { CityContext } from './telemedicine.js';

/** The booking table's phone total: its 合计 row's cell, else the column of phone figures it is the sum of. */
function bookingsPhonePlace(bookings: Bookings): string | undefined {
  for (const t of bookings.reported) {
    const at = t.source.cells.get('phone');
    if (at && t.values.has('phone')) return formatLocation({ file: t.source.file, sheet: t.source.sheet, cell: at.cell });
  }
  const cells = bookings.rows.map((r) => r.source.cells.get('phone')?.cell).filter((c): c is string => c !== undefined);
  const first = bookings.rows[0]?.source;
  if (!first || cells.length === 0) return undefined;
  const range = cells.length === 1 ? cells[0] : `${cells[0]}:${cells[cells.length - 1]}`;
  return formatLocation({ file: first.file, sheet: first.sheet, cell: range });
}

/** The province table's cell with the city's calls. */
function provinceCityPlace(province: ProvinceCalls, city: string): string | undefined {
  const source = province.sources?.[province.rows.findIndex((r) => cityKey(r.city) === city)];
  const at = source?.cells.get('calls');
  return source && at ? formatLocation({ file: source.file, sheet: source.sheet, cell: at.cell }) : undefined;
}

const also = (table: string, place: string | undefined): string => (place ? `（${table}：${place}）` : '');

export function crossCheckTables(report: MonthReport, city: CityContext, issues: Issue[], data: MonthData): void {
  const hotline = data.hotline;
  const hotlineAt = (cell: string | undefined) => (hotline ? { file: hotline.source.file, sheet: hotline.source.sheet, ...(cell ? { cell } : {}) } : {});
  const phone = report.hotline?.categories.find((c) => c.key === 'phoneBooking');
  if (phone && report.bookings && phone.count !== report.bookings.totals.phone) {
    const place = data.bookings ? bookingsPhonePlace(data.bookings) : undefined;
    issues.push(
      issue(
        'warning',
        'cross-table-mismatch',
        `12320热线的电话预约（${phone.count}）与预约挂号表的电话预约合计（${report.bookings.totals.phone}）不一致，相差 ${Math.abs(phone.count - report.bookings.totals.phone)}${also('预约挂号表', place)}`,
        hotlineAt(hotline?.cells?.phoneBooking),
        { expected: String(report.bookings.totals.phone), found: String(phone.count) },
      ),
    );
  }
  const home = report.province?.cities.find((c) => c.name === cityKey(city.city));
  if (home && report.hotline && home.calls !== report.hotline.total) {
    const place = data.province ? provinceCityPlace(data.province, home.name) : undefined;
    // at the hotline's total where it was reported (the figure the paragraph prints)
    const total = hotline?.reportedTotal;
    issues.push(
      issue(
        'warning',
        'cross-table-mismatch',
        `全省电话量表中${home.name}的电话量（${home.calls}）与12320热线受理总量（${report.hotline.total}）不一致，相差 ${Math.abs(home.calls - report.hotline.total)}${also('全省电话量表', place)}`,
        total ? { file: total.file, sheet: total.sheet, cell: total.cell } : hotlineAt(undefined),
        { expected: String(report.hotline.total), found: String(home.calls) },
      ),
    );
  }
}
