/**
 * `bulletin init [DIR]`: a workspace the editor can work in — configuration,
 * the templates to customize, data/ with a short guide, and a CI workflow
 * example. Existing files are never overwritten, so running it twice changes
 * nothing (and says so).
 */
import { copyFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { DEFAULT_TEMPLATES, PACKAGE_ROOT } from '../config/paths.js';
import { makeDirs } from '../output/make-dirs.js';

export interface InitAction {
  /** relative to the workspace */
  path: string;
  action: 'created' | 'kept';
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(p);
  }
  return out.sort();
}

const exists = (p: string) => stat(p).then(() => true, () => false);

export async function initWorkspace(dir: string): Promise<InitAction[]> {
  const scaffold = join(PACKAGE_ROOT, 'templates', 'workspace');
  const plan: { from: string; to: string }[] = [];
  for (const f of await files(scaffold)) plan.push({ from: f, to: join(dir, relative(scaffold, f)) });
  for (const sub of ['sections', 'partials']) {
    for (const f of await files(join(DEFAULT_TEMPLATES, sub))) plan.push({ from: f, to: join(dir, 'templates', sub, relative(join(DEFAULT_TEMPLATES, sub), f)) });
  }
  const actions: InitAction[] = [];
  for (const { from, to } of plan) {
    if (await exists(to)) {
      actions.push({ path: relative(dir, to), action: 'kept' });
      continue;
    }
    await makeDirs(dirname(to));
    await copyFile(from, to);
    actions.push({ path: relative(dir, to), action: 'created' });
  }
  return actions;
}
