/**
 * Chinese line breaking. Text (already resolved to measured pieces) is cut
 * into atoms: a CJK character is an atom, a run of letters and digits with
 * its infix marks (2020, 126078, -3.5, 272825683.20, www.nj12320.org) is one atom
 * and is never split, a breakable space is an atom that disappears at a line
 * end. A line may break between two atoms, except
 *   - before a character that may not start a line (，。、；：？！）」》’”…% …),
 *   - after a character that may not end a line (（「《‘“ …),
 *   - inside —— and ……,
 *   - between a number and the Han character right after it (2020年, 126078次).
 * Lines are filled greedily; when the next atom does not fit, the line ends
 * at the last allowed break (the atoms after it move down).
 */
import {
  isDigit,
  isHan,
  isNoLineEnd,
  isNoLineStart,
  isNoSplitPair,
  isSign,
  isSpace,
  isWordChar,
  isWordInfix,
} from './chars.js';
import type { Piece } from './fonts.js';

export interface Atom {
  readonly pieces: readonly Piece[];
  /** points */
  readonly width: number;
  /** a breakable space: dropped at the start and end of a line */
  readonly space: boolean;
  /** letters/digits (never split) */
  readonly word: boolean;
}

export interface Line {
  /** the line's atoms, without leading or trailing spaces */
  readonly atoms: readonly Atom[];
  /**
   * per atom: whether the gap before it may stretch when the line is
   * justified — only where the line could have broken, so that 2020年, 12.5%
   * and 次， stay tight
   */
  readonly stretch: readonly boolean[];
  /** natural width in points */
  readonly width: number;
  readonly first: boolean;
  readonly last: boolean;
}

const EPSILON = 0.01;

function cpOf(p: Piece): number {
  return p.ch.codePointAt(0) as number;
}

function makeAtom(pieces: Piece[], word: boolean): Atom {
  let width = 0;
  for (const p of pieces) width += p.width;
  const space = pieces.length === 1 && isSpace(cpOf(pieces[0] as Piece));
  return { pieces, width, space, word };
}

/**
 * Splits pieces into atoms. A word wider than `maxWordWidth` (a URL longer
 * than the line) is split into characters, as there is no other way to set it.
 */
export function atomize(pieces: readonly Piece[], maxWordWidth = Infinity): Atom[] {
  const atoms: Atom[] = [];
  let i = 0;
  while (i < pieces.length) {
    const p = pieces[i] as Piece;
    const signed = isSign(p.ch) && isDigit(pieces[i + 1]?.ch ?? '') && !isWordChar(pieces[i - 1]?.ch ?? '');
    if (!isWordChar(p.ch) && !signed) {
      atoms.push(makeAtom([p], false));
      i++;
      continue;
    }
    let j = i + 1;
    while (j < pieces.length) {
      const ch = (pieces[j] as Piece).ch;
      if (isWordChar(ch)) j++;
      else if (isWordInfix(ch) && j + 1 < pieces.length && isWordChar((pieces[j + 1] as Piece).ch)) j += 2;
      else break;
    }
    const word = makeAtom(pieces.slice(i, j), true);
    if (word.width > maxWordWidth + EPSILON) {
      for (const q of word.pieces) atoms.push(makeAtom([q], false));
    } else {
      atoms.push(word);
    }
    i = j;
  }
  return atoms;
}

/** Whether a line may break between atoms `prev` and `next`. */
export function canBreakBetween(prev: Atom, next: Atom): boolean {
  if (next.space) return false; // break after the space instead
  const first = next.pieces[0] as Piece;
  const last = prev.pieces[prev.pieces.length - 1] as Piece;
  const firstCp = cpOf(first);
  const lastCp = cpOf(last);
  if (isNoLineStart(firstCp)) return false;
  if (prev.space) return true;
  if (isNoLineEnd(lastCp)) return false;
  if (isNoSplitPair(lastCp, firstCp)) return false;
  if (prev.word && isDigit(last.ch) && isHan(first.ch)) return false;
  return true;
}

/** The width of the widest stretch of text that can never be broken (the narrowest box the text fits in). */
export function minContentWidth(pieces: readonly Piece[]): number {
  const atoms = atomize(pieces);
  let widest = 0;
  let run = 0;
  atoms.forEach((atom, i) => {
    const prev = atoms[i - 1];
    if (prev && canBreakBetween(prev, atom)) run = 0;
    if (!atom.space) {
      run += atom.width;
      widest = Math.max(widest, run);
    } else {
      run = 0;
    }
  });
  return widest;
}

function lineOf(
  atoms: readonly Atom[],
  breakBefore: readonly boolean[],
  from: number,
  to: number,
  first: boolean,
  last: boolean,
): Line {
  let a = from;
  let b = to;
  while (a < b && (atoms[a] as Atom).space) a++;
  while (b > a && (atoms[b - 1] as Atom).space) b--;
  const slice = atoms.slice(a, b);
  const stretch = slice.map((atom, j) => j > 0 && (breakBefore[a + j] === true || atom.space || (slice[j - 1] as Atom).space));
  let width = 0;
  for (const atom of slice) width += atom.width;
  return { atoms: slice, stretch, width, first, last };
}

/**
 * Breaks text into lines no wider than `width` (the first line `firstWidth`,
 * e.g. less a first-line indent). Empty text gives no lines.
 */
export function breakLines(pieces: readonly Piece[], width: number, firstWidth = width): Line[] {
  const atoms = atomize(pieces, Math.min(width, firstWidth));
  const n = atoms.length;
  const breakBefore = atoms.map((atom, i) => i > 0 && canBreakBetween(atoms[i - 1] as Atom, atom));
  const lines: Line[] = [];
  let start = 0;
  while (start < n && (atoms[start] as Atom).space) start++;
  while (start < n) {
    const max = lines.length === 0 ? firstWidth : width;
    let run = 0;
    let lastBreak = -1;
    let i = start;
    for (; i < n; i++) {
      const atom = atoms[i] as Atom;
      if (i > start && breakBefore[i]) lastBreak = i;
      if (!atom.space && i > start && run + atom.width > max + EPSILON) break;
      run += atom.width;
    }
    const end = i >= n ? n : lastBreak > start ? lastBreak : i;
    lines.push(lineOf(atoms, breakBefore, start, end, lines.length === 0, end >= n));
    start = end;
    while (start < n && (atoms[start] as Atom).space) start++;
  }
  if (lines.length > 0) {
    const tail = lines[lines.length - 1] as Line;
    if (!tail.last) lines[lines.length - 1] = { ...tail, last: true };
  }
  return lines;
}
