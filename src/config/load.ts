/**
 * Configuration = the package defaults (templates/default/bulletin.config.yaml)
 * with the workspace's bulletin.config.yaml merged over them.
 */
import '../zod-config.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isScalar, parseDocument, visit } from 'yaml';
import { BulletinError } from '../errors.js';
import { DEFAULT_TEMPLATES } from './paths.js';
import { PRECOMPILED_DEFAULTS } from './precompiled-defaults.js';
import { configSchema, type BulletinConfig } from './schema.js';
import { formatYamlProblem, lineOfPath, zodProblems } from './yaml.js';

/** keys whose values are codes made of digits, never numbers */
const DIGIT_CODES = new Set(['postcode', 'phone', 'fax']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isMap(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Maps merge key by key; anything else in the override replaces the default. */
export function deepMerge(base: Json, over: Json): Json {
  if (isMap(base) && isMap(over)) {
    const out: Record<string, Json> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k]!, v) : v;
    return out;
  }
  return over;
}

async function readConfigText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new BulletinError('io', `无法读取配置文件 ${path}：${e.message}`);
  });
}

function parseYamlObject(path: string, text: string): { text: string; value: Json } {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new BulletinError('config', `${path}: YAML 语法错误：${doc.errors[0]!.message.split('\n')[0]}`);
  // codes written as numbers keep their digits as written: postcode: 010020 is 010020, not 10020
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && DIGIT_CODES.has(String(pair.key.value)) && isScalar(pair.value) && typeof pair.value.value === 'number' && pair.value.source) {
        pair.value.value = pair.value.source;
      }
    },
  });
  return { text, value: (doc.toJS() ?? {}) as Json };
}

/**
 * Loads the configuration. `workspaceFile` is the user's bulletin.config.yaml;
 * when absent, the defaults alone are used.
 */
export async function loadConfig(workspaceFile?: string, options: { required?: boolean } = {}): Promise<BulletinConfig> {
  const defaultsPath = join(DEFAULT_TEMPLATES, 'bulletin.config.yaml');
  const defaultsText = await readConfigText(defaultsPath);
  if (defaultsText === undefined) throw new BulletinError('io', `缺少默认配置 ${defaultsPath}`);
  const userText = workspaceFile ? await readConfigText(workspaceFile) : undefined;
  if (workspaceFile && userText === undefined && options.required) throw new BulletinError('io', `找不到配置文件 ${workspaceFile}`);
  // the defaults alone, as validated when the package was built (a new object each time)
  if (userText === undefined && PRECOMPILED_DEFAULTS?.text === defaultsText) return JSON.parse(PRECOMPILED_DEFAULTS.json) as BulletinConfig;
  const defaults = parseYamlObject(defaultsPath, defaultsText);
  const user = workspaceFile && userText !== undefined ? parseYamlObject(workspaceFile, userText) : undefined;
  const merged = user ? deepMerge(defaults.value, user.value) : defaults.value;
  const parsed = configSchema().safeParse(merged);
  if (parsed.success) return parsed.data;
  // report against the user's file (with the key's line) when the key is theirs
  const file = user && workspaceFile ? workspaceFile : defaultsPath;
  const text = user ? user.text : defaults.text;
  const problems = zodProblems(parsed.error.issues, (path) => lineOfPath(text, path), '未知的配置项（拼写错误？）').map((p) => formatYamlProblem(file, p));
  throw new BulletinError('config', `配置有误：\n${problems.join('\n')}`);
}
