/** The workspace configuration (bulletin.config.yaml), validated with zod. */
import { z } from 'zod';

const text = z.string({ error: '应为文字' }).min(1, '不能为空');

export const ConfigSchema = z.object({
  center: z.object({
    name: text,
    address: text,
    postcode: z.union([z.string(), z.number()]).transform(String),
    phone: text,
    fax: text,
    email: text,
    website: text,
    channels: z.array(text).default([]),
  }),
  masthead: z.object({ title: text }),
  city: z.object({
    name: text,
    districts: z.array(text).min(1),
  }),
  aliases: z.record(z.string(), text).default({}),
  fonts: z.object({
    docx: z.object({ body: text, heading: text, lead: text, masthead: text, latin: text }),
  }),
  output: z.object({ name: text }),
  /** 总第N期: the serial of one known issue (by its data month); later issues follow monthly */
  issue: z
    .object({
      known: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, '应为 YYYY-MM'), serial: z.number().int().positive() }).optional(),
    })
    .default({}),
  /** the issue's sections and the statistics subsections, in order; leave one out to drop it */
  sections: z.array(z.enum(['news', 'statistics', 'briefs'])).default(['news', 'statistics', 'briefs']),
  statistics: z
    .array(z.enum(['overview', 'hotline', 'province', 'bookings', 'channels', 'telemedicine', 'collection', 'kiosks']))
    .default(['overview', 'hotline', 'province', 'bookings', 'channels', 'telemedicine', 'collection', 'kiosks']),
  numbers: z
    .object({
      /** false: plain digits as printed (91739); true: 91,739 */
      grouping: z.boolean().default(false),
    })
    .default({ grouping: false }),
  charts: z.object({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  /** a folder (relative to the configuration file) whose templates override the defaults, file by file */
  templates: z.string().optional(),
});

export type BulletinConfig = z.infer<typeof ConfigSchema>;
