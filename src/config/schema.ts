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
});

export type BulletinConfig = z.infer<typeof ConfigSchema>;
