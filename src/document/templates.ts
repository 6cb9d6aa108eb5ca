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
import { PRECOMPILED } from './precompiled-templates.js';
import { compileOptions, templateKey } from './template-key.js';

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

/** An error with the template it happened in (set by the innermost partial or section that saw it). */
interface Located {
  templatePath?: string;
  templateLine?: number;
  templateWhat?: string;
}

/** The position Handlebars appends to its messages: `… - 3:2` (line 3, column 2). */
const HB_POSITION = /- (\d+):\d+\s*$/;

/** `Parse error on line 3:` or `if doesn't match iff - 3:2` → 3 */
function parseErrorLine(message: string): number | undefined {
  const m = /line (\d+)/.exec(message) ?? HB_POSITION.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** `"x" not defined in [object Object] - 3:2` → the template's name, line and what is wrong, for people. */
function describeFailure(e: unknown, fallback: Source): string {
  const located = (e ?? {}) as Located;
  const msg = e instanceof Error ? e.message : String(e);
  const where = HB_POSITION.exec(msg);
  const line = located.templateLine ?? (where ? Number(where[1]) : (e as { lineNumber?: number }).lineNumber);
  const variable = /^"([^"]+)" not defined/.exec(msg)?.[1];
  const partial = /^The partial (.+) could not be found/.exec(msg)?.[1];
  const what =
    located.templateWhat ??
    (variable ? `变量“${variable}”不存在` : partial ? `找不到局部模板“${partial}”（partials/${partial}.hbs）` : msg.replace(HB_POSITION, '').trim());
  return `模板 ${located.templatePath ?? fallback.path}${line !== undefined ? ` 第 ${line} 行` : ''}：${what}`;
}

/** Marks an error with the template it passed through first (the innermost one). */
function locate(e: unknown, path: string): unknown {
  if (e && typeof e === 'object' && (e as Located).templatePath === undefined) (e as Located).templatePath = path;
  return e;
}

/**
 * Helpers (built-in and ours) refuse an undefined argument: every key of the
 * context exists (null when there is no such data), so undefined is a
 * misspelt variable — {{#each hotline.categoris}}, {{#if hotlin}} or
 * {{and city.distrcts}} — that strict mode does not catch in arguments and
 * that would otherwise print as a gap or drop a whole section.
 */
function strictArguments(name: string, fn: Handlebars.HelperDelegate): Handlebars.HelperDelegate {
  return function (this: unknown, ...args: unknown[]) {
    const options = args[args.length - 1] as Handlebars.HelperOptions & { loc?: { start: { line: number } } };
    const params = args.slice(0, -1);
    const hash = (options?.hash ?? {}) as Record<string, unknown>;
    const bad = params.findIndex((a) => a === undefined);
    const badHash = Object.keys(hash).find((k) => hash[k] === undefined);
    if (bad >= 0 || badHash !== undefined) {
      const err = new Error(`undefined argument to ${name}`) as Error & Located;
      err.templateLine = options?.loc?.start.line;
      err.templateWhat =
        badHash !== undefined
          ? `“${name}”的参数 ${badHash}= 引用的变量不存在（拼写错误？）`
          : `“${name}”的第 ${bad + 1} 个参数引用的变量不存在（拼写错误？）`;
      throw err;
    }
    try {
      return (fn as (...a: unknown[]) => unknown).apply(this, args);
    } catch (e) {
      // a helper's own complaint (num 需要一个数字 …), placed at this call unless a template inside
      // this block (a partial, a strict lookup with its own position) has placed it already
      const located = e as Located & { message?: string };
      if (e && typeof e === 'object' && located.templatePath === undefined && located.templateLine === undefined && !HB_POSITION.test(located.message ?? '')) {
        located.templateLine = options?.loc?.start.line;
        located.templateWhat = located.message;
      }
      throw e;
    }
  };
}

export async function loadTemplates(dirs: readonly string[]): Promise<TemplateSet> {
  const hb = Handlebars.create();
  for (const name of ['if', 'unless', 'each', 'with']) hb.registerHelper(name, strictArguments(name, hb.helpers[name]!));
  for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, strictArguments(name, fn as Handlebars.HelperDelegate));
  const partials = await collect(dirs, 'partials');
  const sections = await collect(dirs, 'sections');
  const compile = (s: Source) => {
    // a default template as it was when the package was built (no syntax error in it)
    const spec = PRECOMPILED.get(templateKey(s.text));
    if (spec) return hb.template(spec);
    try {
      // parse now, so that a syntax error names its own file (compile is lazy)
      hb.parse(s.text);
      return hb.compile(s.text, compileOptions());
    } catch (e) {
      const message = (e as Error).message;
      const line = parseErrorLine(message);
      const detail = (message.split('\n').slice(1).join(' ') || message).replace(HB_POSITION, '').replace(/\s+/g, ' ').trim();
      throw new BulletinError('template', `模板 ${s.path}${line !== undefined ? ` 第 ${line} 行` : ''}：语法错误（${detail}）`);
    }
  };
  for (const p of partials.values()) {
    const fn = compile(p);
    // a partial registered as a function: its errors carry its own file
    hb.registerPartial(p.name, ((context: unknown, options?: Handlebars.RuntimeOptions) => {
      try {
        return fn(context, options);
      } catch (e) {
        throw locate(e, p.path);
      }
    }) as Handlebars.Template);
  }
  const compiled = new Map<string, { source: Source; fn: Handlebars.TemplateDelegate }>();
  for (const s of sections.values()) compiled.set(s.name, { source: s, fn: compile(s) });
  return {
    has: (name) => compiled.has(name),
    render(name, context) {
      const t = compiled.get(name);
      if (!t) throw new BulletinError('template', `找不到模板 sections/${name}.hbs（在 ${dirs.join('、')} 中）`);
      try {
        return t.fn(context);
      } catch (e) {
        throw new BulletinError('template', describeFailure(e, t.source), { cause: e });
      }
    },
  };
}
