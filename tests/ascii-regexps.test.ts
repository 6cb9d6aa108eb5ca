/**
 * scripts/ascii-regexps.mjs: the bundles' regular expression literals with
 * their non-ASCII characters escaped must match exactly what they matched.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error a build script (JavaScript, no declarations)
import { asciiRegExps, escapeRegExpLiteral } from '../scripts/ascii-regexps.mjs';

const escape = escapeRegExpLiteral as (literal: string) => string;
const rewrite = asciiRegExps as (source: string) => { source: string; left: number };
// (indirect eval: the literal as the bundle would run it)
const regExp = (literal: string): RegExp => (0, eval)(literal) as RegExp;

describe('escaping a regular expression literal', () => {
  const inputs = ['合计', '总计：12', '中', '\\中', '第十一月', '𠀀', '𠀀x', 'a', '', '：', '\u{1F600}', '\ud83d'];
  it.each([
    '/^(合计|总计)[:：]/',
    '/[，。、；：？！）)」》’”%…·]/u',
    '/^第[一二三四]刻/i',
    '/\\中/',
    '/[\\s,，\'¥￥元]/g',
    '/^𠀀$/u',
    '/^𠀀$/',
    '/[𠀀-𠀂]/u',
    '/\\\\合/',
  ])('%s matches what it matched, and is ASCII', (literal) => {
    const escaped = escape(literal);
    expect(escaped).toMatch(/^[\x00-\x7f]*$/);
    const [before, after] = [regExp(literal), regExp(escaped)];
    expect(after.flags).toBe(before.flags);
    for (const text of [...inputs, '\\合']) expect([text, after.test(text)]).toEqual([text, before.test(text)]);
  });

  it('leaves ASCII literals, strings and division alone', () => {
    const source = 'const a = 6 / 2 / 3, b = /x/g, c = "\\u5408", d = /合/.test(c) ? 1 : a / 2;';
    const { source: out, left } = rewrite(source);
    expect(out).toBe('const a = 6 / 2 / 3, b = /x/g, c = "\\u5408", d = /\\u5408/.test(c) ? 1 : a / 2;');
    expect(left).toBe(0);
  });

  it('counts what it must leave: characters outside regular expression literals', () => {
    const { source: out, left } = rewrite('const t = String.raw`合`, r = /计/;');
    expect(out).toBe('const t = String.raw`合`, r = /\\u8BA1/;');
    expect(left).toBe(1);
  });
});
