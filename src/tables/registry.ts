/**
 * Every table kind the bulletin reads. Header detection loops over this list;
 * adding a kind is one file in tables/ and one line here.
 */
import { bookingsKind } from './bookings.js';
import { channelsKind } from './channels.js';
import { collectionDistrictsKind, collectionHospitalsKind } from './collection.js';
import { hotlineKind } from './hotline.js';
import { hotlineLogKind } from './hotline-log.js';
import type { KindId, TableKind } from './kind.js';
import { kiosksKind } from './kiosks.js';
import { provinceKind } from './province.js';
import { telemedicineKind } from './telemedicine.js';

export const KINDS: readonly TableKind[] = [
  hotlineKind,
  hotlineLogKind,
  provinceKind,
  bookingsKind,
  channelsKind,
  telemedicineKind,
  collectionDistrictsKind,
  collectionHospitalsKind,
  kiosksKind,
] as unknown as readonly TableKind[];

export function kindById(id: KindId): TableKind | undefined {
  return KINDS.find((k) => k.id === id);
}
