/**
 * The command line: argument parsing, terminal output and exit codes. The only
 * code that prints; it calls the library (src/pipeline.ts) and returns an exit
 * code instead of exiting, so tests run it in-process.
 *
 * Exit codes: 0 ok, 1 the data has errors, 2 usage, 3 I/O, 70 internal error.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { BulletinError } from '../errors.js';
import { countBySeverity } from '../issues.js';
import { formatIssues, painter, summaryLine } from './report.js';
import { packageVersion } from './version.js';
import { nowMs } from '../runtime/clock.js';

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function previousMonthKey(now = new Date()): string {
  const y = now.getMonth() === 0 ? now.getFullYear() - 1 : now.getFullYear();
  const m = now.getMonth() === 0 ? 12 : now.getMonth();
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** What the usual file-system errors mean, for the editor. */
const ERRNO_TEXT: Record<string, string> = {
  EACCES: '没有权限',
  EPERM: '没有权限',
  EROFS: '文件系统只读',
  ENOSPC: '磁盘空间不足',
  ENAMETOOLONG: '文件名太长（可在配置项 output.name 中改短）',
  ENOENT: '文件或文件夹不存在',
  ENOTDIR: '路径中有一段不是文件夹',
  EISDIR: '这是一个文件夹，不是文件',
  EEXIST: '已存在同名文件',
};

function configFile(io: Io, given?: string): string | undefined {
  if (given) return resolve(io.cwd, given);
  // bulletin.config.yaml, or its .yml or .json spelling (the first that exists)
  return ['bulletin.config.yaml', 'bulletin.config.yml', 'bulletin.config.json'].map((f) => resolve(io.cwd, f)).find((f) => existsSync(f));
}

function sourceDateEpoch(env: NodeJS.ProcessEnv): Date | undefined {
  const v = env.SOURCE_DATE_EPOCH;
  if (!v || !/^\d+$/.test(v)) return undefined;
  return new Date(Number(v) * 1000);
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const err = (s: string) => io.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
  const p = painter(io.stderr, io.env);
  const program = new Command('bulletin')
    .description('把一个月的 Excel 报表生成《卫生信息》月刊（DOCX 和 PDF）')
    .version(packageVersion(), '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [command]', '显示某个命令的帮助')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();

  program
    .command('build')
    .description('读取、校验一个月的数据并生成 DOCX 和 PDF')
    .argument('[month]', '月份 YYYY-MM（默认：上一个月）')
    .option('-d, --data <dir>', '数据目录（包含 YYYY-MM 月份文件夹）', 'data')
    .option('-o, --out <dir>', '输出目录', 'out')
    .option('-c, --config <file>', '配置文件（默认：当前目录的 bulletin.config.yaml 或 .json）')
    .option('-t, --templates <dir>', '覆盖默认模板的模板目录')
    .option('--draft', '有错误也生成：每页标注“征求意见稿”并附上问题清单')
    .addOption(new Option('--format <formats>', '输出格式，逗号分隔').default('docx,pdf'))
    .option('--json', '在标准输出打印 JSON 摘要')
    .option('-q, --quiet', '只输出错误')
    .action(async (monthArg: string | undefined, opts: Record<string, string | boolean | undefined>) => {
      const { parseMonth } = await import('../month/month.js');
      const { buildIssue } = await import('../pipeline.js');
      const month = parseMonth(monthArg ?? previousMonthKey());
      const formats = String(opts.format)
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      for (const f of formats) if (f !== 'docx' && f !== 'pdf') throw new BulletinError('usage', `未知的输出格式“${f}”（可选 docx、pdf）`);
      if (formats.length === 0) throw new BulletinError('usage', '--format 至少要有一种输出格式（docx、pdf）');
      const fallbackDate = sourceDateEpoch(io.env);
      const cfg = configFile(io, opts.config as string | undefined);
      // progress on a terminal only: not in CI logs (--quiet), never with --json
      const showProgress = Boolean(io.stderr.isTTY) && !opts.quiet && !opts.json;
      const stages: Record<string, string> = { read: '读取并校验数据…', document: '排版正文和图表…', docx: '生成 DOCX…', pdf: '生成 PDF…', write: '写入文件…' };
      const started = nowMs();
      const onProgress = (stage: string) => {
        if (showProgress) io.stderr.write(`\r\u001b[K${p.dim(`[${((nowMs() - started) / 1000).toFixed(1)} s] ${stages[stage] ?? stage}`)}`);
      };
      const result = await buildIssue({
        dataDir: resolve(io.cwd, String(opts.data)),
        month,
        outDir: resolve(io.cwd, String(opts.out)),
        ...(cfg ? { configFile: cfg, configRequired: Boolean(opts.config) } : {}),
        ...(opts.templates ? { templatesDir: resolve(io.cwd, String(opts.templates)) } : {}),
        draft: Boolean(opts.draft),
        formats: formats as ('docx' | 'pdf')[],
        ...(fallbackDate ? { fallbackDate } : {}),
        onProgress,
        // one build per process: the render worker's memory is freed while the files are written
        lastRender: true,
      });
      if (showProgress) io.stderr.write('\r\u001b[K');
      if (opts.json) {
        const { errors, warnings } = countBySeverity(result.issues);
        io.stdout.write(
          JSON.stringify(
            { ok: result.ok, month: monthArg ?? previousMonthKey(), outputs: result.outputs, errors, warnings, tables: result.tables, issues: result.issues, timings: result.timings },
            null,
            2,
          ) + '\n',
        );
      }
      if (!opts.json && !(opts.quiet && result.ok)) {
        const shown = opts.quiet ? result.issues.filter((i) => i.severity === 'error') : result.issues;
        for (const line of formatIssues(shown, p)) err(line);
        if (result.issues.length) err(summaryLine(result.issues, p));
      }
      if (!result.ok) {
        if (!opts.json) err(p.red('数据有错误，未生成简报（之前的输出保持不变）。修正后重试，或用 --draft 生成征求意见稿。'));
        throw new Exit(1);
      }
      if (!opts.json && !opts.quiet) for (const o of result.outputs) err(`${p.green('已生成')}  ${o}`);
    });

  program
    .command('validate')
    .description('校验一个月的数据，或校验若干工作簿文件')
    .argument('[targets...]', '月份 YYYY-MM（默认：上一个月），或若干 .xlsx 文件')
    .option('-d, --data <dir>', '数据目录（包含 YYYY-MM 月份文件夹）', 'data')
    .option('-m, --month <YYYY-MM>', '校验文件时所属的月份')
    .option('-c, --config <file>', '配置文件（默认：当前目录的 bulletin.config.yaml 或 .json）')
    .option('--json', '在标准输出打印 JSON 报告')
    .action(async (targets: string[], opts: Record<string, string | boolean | undefined>) => {
      const { parseMonth, monthKey } = await import('../month/month.js');
      const { loadConfig } = await import('../config/load.js');
      const pipeline = await import('../pipeline.js');
      const cfg = configFile(io, opts.config as string | undefined);
      const config = await loadConfig(cfg, { required: Boolean(opts.config) });
      let result;
      if (targets.length === 1 && /^\d{4}-\d{1,2}$/.test(targets[0]!)) {
        result = await pipeline.checkMonth(resolve(io.cwd, String(opts.data)), parseMonth(targets[0]!), config);
      } else if (targets.length > 0) {
        // something that reads as a month but is none (2020/10, 202010, 2020-13) is a usage error, not a file
        const notMonth = targets.find((t) => !existsSync(resolve(io.cwd, t)) && /^\d{4}\D?\d{1,2}(\D\d{1,2})?$/.test(t));
        if (notMonth) throw new BulletinError('usage', `月份格式应为 YYYY-MM（例如 2020-10），收到“${notMonth}”`);
        // without --month, the month named in the files' titles (if any) is checked against
        const month = opts.month ? parseMonth(String(opts.month)) : undefined;
        result = await pipeline.checkFiles(targets.map((t) => resolve(io.cwd, t)), month, config);
      } else {
        result = await pipeline.checkMonth(resolve(io.cwd, String(opts.data)), parseMonth(previousMonthKey()), config);
      }
      const errors = result.issues.filter((i) => i.severity === 'error').length;
      const monthChecked = result.data.monthKnown ? monthKey(result.data.month) : null;
      if (opts.json) {
        io.stdout.write(JSON.stringify({ ok: errors === 0, month: monthChecked, tables: result.tables, issues: result.issues }, null, 2) + '\n');
      } else {
        if (monthChecked === null) err(p.dim('未指定月份，标题中也没有月份：未做月份检查（可用 --month YYYY-MM 指定）'));
        for (const t of result.tables) err(`${p.dim('表格')}  ${t.file} › ${t.sheet}：${t.label}，${t.rows} 行`);
        for (const line of formatIssues(result.issues, p)) err(line);
        err(summaryLine(result.issues, p));
      }
      if (errors) throw new Exit(1);
    });

  program
    .command('init')
    .description('创建工作区：配置文件、可修改的模板、数据目录说明和 CI 示例（已有文件不会覆盖）')
    .argument('[dir]', '工作区目录', '.')
    .action(async (dir: string) => {
      const { initWorkspace } = await import('../workspace/init.js');
      const root = resolve(io.cwd, dir);
      const actions = await initWorkspace(root);
      const created = actions.filter((a) => a.action === 'created');
      for (const a of created) err(`${p.green('已创建')}  ${a.path}`);
      if (created.length === 0) err(`工作区 ${root} 已就绪，没有改动（${actions.length} 个文件均已存在）。`);
      else if (created.length < actions.length) err(p.dim(`${actions.length - created.length} 个已有文件未改动。`));
    });

  program
    .command('template')
    .description('为数据提供单位生成空白报表（含表头、数据有效性和填报说明）')
    .argument('<kind>', 'hotline | calls | province | bookings | channels | telemedicine | collection-districts | collection-hospitals | kiosks')
    .option('-m, --month <YYYY-MM>', '报表所属月份（默认：上一个月）')
    .option('-o, --out <file>', '输出文件（默认：当前目录下以表名和月份命名）')
    .option('-f, --force', '覆盖已有的文件')
    .action(async (kindName: string, opts: Record<string, string | boolean | undefined>) => {
      const { parseMonth, monthKey } = await import('../month/month.js');
      const { TEMPLATE_KINDS, writeTemplate } = await import('../provider/template.js');
      const { kindById } = await import('../tables/registry.js');
      const { writeFilesAtomically } = await import('../output/atomic-write.js');
      const id = TEMPLATE_KINDS[kindName];
      if (!id) throw new BulletinError('usage', `未知的表格种类“${kindName}”，可选：${Object.keys(TEMPLATE_KINDS).join('、')}`);
      const kind = kindById(id)!;
      const month = parseMonth(String(opts.month ?? previousMonthKey()));
      const out = resolve(io.cwd, String(opts.out ?? `${kind.label}-${monthKey(month)}.xlsx`));
      if (!out.toLowerCase().endsWith('.xlsx')) throw new BulletinError('usage', `报表文件名应以 .xlsx 结尾：${out}`);
      // a provider's filled-in workbook of the same name must not be replaced by a blank one
      if (existsSync(out) && !opts.force) throw new BulletinError('usage', `文件已存在：${out}（要覆盖请加 --force）`);
      await writeFilesAtomically([{ path: out, data: await writeTemplate(kind, { month }) }]);
      err(`${p.green('已生成')}  ${out}`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    // with --json, stdout holds a report even for a run that failed before it had one (CI parses it)
    const json = argv.includes('--json');
    const fail = (code: number, kind: string, message: string) => {
      if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: { kind, exitCode: code, message } }, null, 2)}\n`);
      return code;
    };
    if (e instanceof BulletinError) {
      err(`${p.red('错误')}  ${e.message}`);
      return fail(e.exitCode, e.code, e.message);
    }
    const ne = e as NodeJS.ErrnoException;
    if (ne && typeof ne.code === 'string' && /^E[A-Z]+$/.test(ne.code)) {
      const message = `文件操作失败：${ERRNO_TEXT[ne.code] ? `${ERRNO_TEXT[ne.code]}（${ne.path ?? ne.message}）` : ne.message}`;
      err(`${p.red('错误')}  ${message}`);
      return fail(3, 'io', message);
    }
    err(`${p.red('内部错误')}  这是 bulletin 的缺陷，请把以下信息报告给开发者：\n${(e as Error)?.stack ?? String(e)}`);
    return 70;
  }
}
