/**
 * A problem found in the month's data. Everything that reads or checks data
 * returns issues instead of throwing, so a run reports every problem at once.
 */
export type Severity = 'error' | 'warning';

export interface Location {
  /** file name as the user knows it (relative to the month folder when possible) */
  file?: string;
  sheet?: string;
  /** A1 address, e.g. D14 */
  cell?: string;
  /** the column's header text as found in the sheet */
  column?: string;
}

export interface Issue extends Location {
  severity: Severity;
  /** stable machine-readable code, e.g. 'not-a-number', 'total-mismatch' */
  code: string;
  message: string;
  expected?: string;
  found?: string;
}

export function issue(
  severity: Severity,
  code: string,
  message: string,
  where: Location = {},
  detail: { expected?: string; found?: string } = {},
): Issue {
  return { severity, code, message, ...where, ...detail };
}

/** `预约.xlsx › Sheet1 › D14`: the way every message names a place. */
export function formatLocation(loc: Location): string {
  return [loc.file, loc.sheet, loc.cell].filter((p): p is string => Boolean(p)).join(' › ');
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

export function countBySeverity(issues: readonly Issue[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const i of issues) {
    if (i.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}
