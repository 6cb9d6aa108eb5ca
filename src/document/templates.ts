/**
 * The bulletin's sections and sentences are Handlebars templates under
 * templates/default/ (sections/*.hbs, partials/*.hbs); a workspace may put its
 * own versions of any of them in its templates folder. Templates compile in
 * strict mode: a variable that does not exist fails the build with the
 * template's name and line, instead of leaving a gap in a printed sentence.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { BulletinError } from '../errors.js';
import { HELPERS } from './helpers.js';

export interface TemplateSet {
  /** renders section `name` (sections/<name>.hbs) with the context */
  render(name: string, context: object): string;
  has(name: string): boolean;
}

interface Source {
  name: string;
  path: string;
  text: string;
}

async function readDir(dir: string, sub: string): Promise<Source[]> {
  const full = join(dir, sub);
  const files = await readdir(full).catch(() => [] as string[]);
  return Promise.all(
    files
      .filter((f) => f.endsWith('.hbs'))
      .sort()
      .map(async (f) => ({ name: basename(f, '.hbs'), path: join(full, f), text: await readFile(join(full, f), 'utf8') })),
  );
}

/** Later directories override earlier ones, file by file. */
async function collect(dirs: readonly string[], sub: string): Promise<Map<string, Source>> {
  const out = new Map<string, Source>();
  for (const dir of dirs) for (const s of await readDir(dir, sub)) out.set(s.name, s);
  return out;
}

/** `"x" not defined in [object Object] - 3:2` → line 3 (of the template it happened in). */
function describeFailure(e: unknown, partials: Map<string, Source>, section: Source): string {
  const msg = e instanceof Error ? e.message : String(e);
  const where = /- (\d+):(\d+)\s*$/.exec(msg);
  const line = where ? Number(where[1]) : (e as { lineNumber?: number }).lineNumber;
  // Handlebars does not say which partial failed; name the variable and let the line point into the likeliest file
  const variable = /^"([^"]+)" not defined/.exec(msg)?.[1];
  let file = section.path;
  if (variable && line !== undefined && !section.text.split('\n')[line - 1]?.includes(variable)) {
    for (const p of partials.values()) {
      if (p.text.split('\n')[line - 1]?.includes(variable)) {
        file = p.path;
        break;
      }
    }
  }
  const what = variable ? `变量“${variable}”不存在` : msg.replace(/ - \d+:\d+\s*$/, '');
  return `模板 ${file}${line !== undefined ? ` 第 ${line} 行` : ''}：${what}`;
}

export async function loadTemplates(dirs: readonly string[]): Promise<TemplateSet> {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn);
  const partials = await collect(dirs, 'partials');
  for (const p of partials.values()) hb.registerPartial(p.name, p.text);
  const sections = await collect(dirs, 'sections');
  const compiled = new Map<string, { source: Source; fn: Handlebars.TemplateDelegate }>();
  for (const s of sections.values()) {
    try {
      compiled.set(s.name, { source: s, fn: hb.compile(s.text, { strict: true, noEscape: true }) });
    } catch (e) {
      throw new BulletinError('template', `模板 ${s.path} 有语法错误：${(e as Error).message}`);
    }
  }
  return {
    has: (name) => compiled.has(name),
    render(name, context) {
      const t = compiled.get(name);
      if (!t) throw new BulletinError('template', `找不到模板 sections/${name}.hbs（在 ${dirs.join('、')} 中）`);
      try {
        return t.fn(context);
      } catch (e) {
        throw new BulletinError('template', describeFailure(e, partials, t.source), { cause: e });
      }
    },
  };
}
