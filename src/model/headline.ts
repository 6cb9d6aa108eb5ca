/**
 * The month's headline figures: what the overview prints and what month-over-
 * month and year-over-year comparisons are made of. Undefined where the month
 * has no such table.
 */
import type { MonthReport } from './report.js';
import type { Platform } from '../tables/telemedicine.js';

export const HEADLINES = ['calls', 'provinceCalls', 'bookings', 'channelBookings', 'kioskPayments', 'kioskRegistrations', 'telemedicineUploads', 'dataCollected'] as const;
export type HeadlineKey = (typeof HEADLINES)[number];

export type Headlines = Partial<Record<HeadlineKey, number>>;

export function headlines(r: MonthReport): Headlines {
  const h: Headlines = {};
  if (r.hotline) h.calls = r.hotline.total;
  if (r.province) h.provinceCalls = r.province.total;
  if (r.bookings) h.bookings = r.bookings.totals.subtotal;
  if (r.channels) h.channelBookings = r.channels.total;
  if (r.kiosks) {
    h.kioskPayments = r.kiosks.totals.payAmount;
    h.kioskRegistrations = r.kiosks.totals.regCount;
  }
  if (r.telemedicine) {
    h.telemedicineUploads = Object.values(r.telemedicine.platforms).reduce((s, p) => s + p.uploads, 0);
  }
  if (r.collection) {
    h.dataCollected = r.collection.total;
  }
  return h;
}

/** Per-platform monthly figures compared month over month. */
export function platformFigures(r: MonthReport): Partial<Record<Platform, { uploads: number; consultations: number; images: number; specimens: number }>> {
  const out: Partial<Record<Platform, { uploads: number; consultations: number; images: number; specimens: number }>> = {};
  for (const [p, m] of Object.entries(r.telemedicine?.platforms ?? {})) {
    out[p as Platform] = { uploads: m.uploads, consultations: m.consultations, images: m.images, specimens: m.specimens };
  }
  return out;
}
