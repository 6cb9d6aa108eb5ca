/**
 * The workspace configuration (bulletin.config.yaml), validated with zod.
 *
 * The schema is built on first use (configSchema): zod's objects for it
 * took ≈10 ms of every start, and a build without a workspace
 * configuration file does not need it (the package's defaults are validated
 * when the package is built: ./precompiled-defaults.ts).
 */
import { z } from 'zod';

const unique = (xs: readonly string[]) => new Set(xs).size === xs.length;

function buildConfigSchema() {
  const text = z.string({ error: '应为文字' }).min(1, '不能为空');
  return z.strictObject({
    center: z.strictObject({
      name: text,
      address: text,
      postcode: z.union([z.string(), z.number()]).transform(String),
      phone: text,
      fax: text,
      email: text,
      website: text,
      channels: z.array(text).default([]),
    }),
    masthead: z.strictObject({ title: text }),
    city: z.strictObject({
      name: text,
      districts: z.array(text).min(1),
    }),
    aliases: z.record(z.string(), text).default({}),
    fonts: z.strictObject({
      docx: z.strictObject({ body: text, heading: text, lead: text, masthead: text, latin: text }),
    }),
    output: z.strictObject({ name: text }),
    /** 总第N期: the serial of one known issue (by its data month); later issues follow monthly */
    issue: z
      .object({
        known: z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为 YYYY-MM（月份 01–12）'), serial: z.number().int().positive() }).optional(),
      })
      .default({}),
    /** the issue's sections and the statistics subsections, in order; leave one out to drop it */
    sections: z.array(z.enum(['news', 'statistics', 'briefs'])).min(1, '至少要有一个部分').refine(unique, '同一部分不能出现两次').default(['news', 'statistics', 'briefs']),
    statistics: z
      .array(z.enum(['overview', 'hotline', 'province', 'bookings', 'channels', 'telemedicine', 'collection', 'kiosks']))
      .refine(unique, '同一小节不能出现两次')
      .default(['overview', 'hotline', 'province', 'bookings', 'channels', 'telemedicine', 'collection', 'kiosks']),
    numbers: z
      .object({
        /** false: plain digits as printed (91739); true: 91,739 */
        grouping: z.boolean().default(false),
      })
      .default({ grouping: false }),
    charts: z.strictObject({ enabled: z.boolean().default(true) }).default({ enabled: true }),
    /** a folder (relative to the configuration file) whose templates override the defaults, file by file */
    templates: z.string().optional(),
  });
}

let built: ReturnType<typeof buildConfigSchema> | undefined;

/** The configuration's schema (built once, on first use). */
export function configSchema(): ReturnType<typeof buildConfigSchema> {
  return (built ??= buildConfigSchema());
}

export type BulletinConfig = z.infer<ReturnType<typeof buildConfigSchema>>;
