/**
 * Rankings: largest first; ties are broken by the name in Chinese (pinyin)
 * order, so the result never depends on the order of the provider's rows.
 */
const collator = new Intl.Collator('zh-CN');

export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

export function rankBy<T>(items: readonly T[], value: (t: T) => number, name: (t: T) => string): T[] {
  return [...items].sort((a, b) => value(b) - value(a) || compareNames(name(a), name(b)));
}

export function sum<T>(items: readonly T[], value: (t: T) => number): number {
  let s = 0;
  for (const t of items) s += value(t);
  return s;
}
