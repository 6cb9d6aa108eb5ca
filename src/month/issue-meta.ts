/** bulletin.yaml: the issue number and the month-level facts no table carries. */
import { z } from 'zod';

/** `YYYY-MM-DD` that names a real day (2020-02-30 is no date, not 1 March). */
function realDay(v: string): boolean {
  const [y, m, d] = v.split('-').map(Number);
  const t = new Date(Date.UTC(y!, m! - 1, d!));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m! - 1 && t.getUTCDate() === d;
}

const dateLike = z
  .union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').refine(realDay, '不是有效的日期')])
  .transform((v) => {
    if (v instanceof Date) return v;
    const [y, m, d] = v.split('-').map(Number);
    return new Date(Date.UTC(y!, m! - 1, d!));
  });

export const IssueMetaSchema = z.strictObject({
  /** optional: without it, the data month's next month gives the number (2020-10 → 2020年第11期) */
  issue: z
    .object({
      year: z.number({ error: '应为年份，如 2020' }).int().min(2000).max(2100),
      number: z.number({ error: '应为期号，如 11' }).int().min(1).max(99),
      serial: z.number({ error: '应为总期号，如 245' }).int().positive().optional(),
    })
    .optional(),
  published: dateLike.optional(),
  cumulative: z
    .object({
      bookings: z.number({ error: '应为整数' }).int().nonnegative().optional(),
      platformRecords: z.number({ error: '应为整数' }).int().nonnegative().optional(),
    })
    .optional(),
});

export type IssueMeta = z.infer<typeof IssueMetaSchema>;
