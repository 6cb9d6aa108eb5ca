/**
 * YAML parsed with line numbers, validated with zod: every message names the
 * key and the line, e.g. `bulletin.yaml:3 issue.number: 应为 1–99 的整数`.
 */
import '../zod-config.js';
import type { Document } from 'yaml';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

export interface YamlProblem {
  /** dotted key path, e.g. issue.number */
  key: string;
  line?: number;
  message: string;
}

export type YamlResult<T> = { ok: true; value: T } | { ok: false; problems: YamlProblem[] };

export function parseYaml<T>(text: string, schema: z.ZodType<T>): YamlResult<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        key: '',
        line: e.linePos?.[0]?.line,
        message: `YAML 语法错误：${e.message.split('\n')[0]}`,
      })),
    };
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: zodProblems(parsed.error.issues, (path) => lineIn(doc, lineCounter, path), '未知的项（拼写错误？）'),
  };
}

/** The line of the deepest node on `path` that exists in the document. */
function lineIn(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The line of a key path in YAML text (for problems found after merging documents). */
export function lineOfPath(text: string, path: (string | number)[]): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return lineIn(doc, lineCounter, path);
}

/**
 * zod's issues as problems with their key and line. An unknown key (zod's
 * unrecognized_keys, under a strict object) becomes one problem per key, at
 * that key's line, saying `unknownKey`: a misspelt key would otherwise be
 * ignored without a word.
 */
export function zodProblems(issues: z.ZodError['issues'], lineOf: (path: (string | number)[]) => number | undefined, unknownKey: string): YamlProblem[] {
  return issues.flatMap((zi) => {
    const path = zi.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (zi.code === 'unrecognized_keys') return zi.keys.map((key) => ({ key: [...path, key].join('.'), line: lineOf([...path, key]), message: unknownKey }));
    return [{ key: path.join('.'), line: lineOf(path), message: zi.message }];
  });
}

export function formatYamlProblem(file: string, p: YamlProblem): string {
  return `${file}${p.line ? `:${p.line}` : ''}${p.key ? ` ${p.key}` : ''}: ${p.message}`;
}
