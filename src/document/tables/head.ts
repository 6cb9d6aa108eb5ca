/** What every table builder is given besides its data: the title from the template and how to print figures. */
import type { NumberFormat } from '../helpers.js';

export interface TableHead {
  title: string;
  subtitle?: string;
  fmt: NumberFormat;
}

/** title and subtitle as TableBlock fields */
export function heading(h: TableHead): { title: string; subtitle?: string } {
  return { title: h.title, ...(h.subtitle ? { subtitle: h.subtitle } : {}) };
}
