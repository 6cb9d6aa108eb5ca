// Part of npm run build (scripts/bundle.mjs): spells the non-ASCII characters of a bundle's regular
// expression literals as \u escapes, so that the bundle is ASCII throughout.
//
// Why: V8 holds a script's source as a string of one byte per character only when every character
// fits; one CJK character anywhere makes the whole source two bytes per character. esbuild escapes
// non-ASCII characters in strings, templates and names but not in regular expression literals
// (evanw/esbuild#4205, open), and ours and date-fns's Chinese locale have some: the CLI's 1.1 MB
// source then took 2.2 MB, read, wrapped and compiled in every process (a cold build ≈25 ms and
// `validate` ≈18 ms faster without, paired medians; outputs byte-identical).
//
// The literals are found by TypeScript's parser, not by a pattern: a `/` may be a division. A
// character outside any regular expression literal (a tagged template's raw text, say) is left as it
// is: the bundle then stays two-byte, which costs time but changes no meaning. The escapes mean the
// same characters in every flag mode; only such a literal's `source` text changes.
import ts from 'typescript';

/** \uXXXX for one UTF-16 code unit */
const unit = (code) => `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The escape of one character (a code point): one \u per UTF-16 code unit. A character beyond the BMP
 * becomes two, which unicode modes read back as the one character (a lead and a trail surrogate
 * escaped one after the other) and the other modes as the two code units they always saw.
 */
const escapeChar = (char) => char.split('').map((c) => unit(c.charCodeAt(0))).join('');

/** A regular expression literal's text (`/…/flags`) with its non-ASCII characters escaped. */
export function escapeRegExpLiteral(literal) {
  let out = '';
  const chars = [...literal];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\' && i + 1 < chars.length) {
      const next = chars[i + 1];
      i++;
      // `\中` (an identity escape, non-unicode modes only) is the character itself
      out += next.charCodeAt(0) > 0x7f ? escapeChar(next) : c + next;
      continue;
    }
    out += c.charCodeAt(0) > 0x7f ? escapeChar(c) : c;
  }
  return out;
}

/**
 * The source with every regular expression literal's non-ASCII characters escaped; `left` counts
 * the non-ASCII characters that stay (outside regular expression literals).
 */
export function asciiRegExps(source) {
  // nothing to do (and no parse) for an ASCII source
  if (!/[^\x00-\x7f]/.test(source)) return { source, left: 0 };
  const file = ts.createSourceFile('bundle.js', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const literals = [];
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) literals.push([node.getStart(file), node.end]);
    else ts.forEachChild(node, visit);
  };
  visit(file);
  let out = '';
  let at = 0;
  for (const [start, end] of literals) {
    const text = source.slice(start, end);
    if (!/[^\x00-\x7f]/.test(text)) continue;
    out += source.slice(at, start) + escapeRegExpLiteral(text);
    at = end;
  }
  out += source.slice(at);
  return { source: out, left: (out.match(/[^\x00-\x7f]/g) ?? []).length };
}
