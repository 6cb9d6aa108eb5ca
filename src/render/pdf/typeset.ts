/**
 * Setting text: resolve runs to measured pieces, break them into lines
 * (linebreak.ts), then place each line's glyphs in its box — left, centered,
 * right, or justified (the slack is spread evenly over the gaps where the
 * line could break: between CJK characters and around words, never inside a
 * number nor between a character and the punctuation or unit glued to it;
 * the last line of a paragraph stays left aligned) — and draw them.
 */
import { cleanText } from './chars.js';
import { shape, type FaceName, type Piece } from './fonts.js';
import type { Ink, PlacedGlyph } from './ink.js';
import { breakLines, type Line } from './linebreak.js';
import { EM_ASCENT, type TextStyle } from './style.js';

export type LineAlign = 'left' | 'center' | 'right' | 'justify';

export interface TextRun {
  readonly text: string;
  readonly face: FaceName;
}

/** A block of set text: its lines and the metrics needed to draw them. */
export interface TextBox {
  readonly lines: readonly Line[];
  readonly size: number;
  readonly color: string;
  /** line pitch */
  readonly lineHeight: number;
  readonly width: number;
  /** first-line indent */
  readonly indent: number;
  readonly align: LineAlign;
  /** lines × lineHeight */
  readonly height: number;
}

export function piecesOf(runs: readonly TextRun[], size: number): Piece[] {
  const pieces: Piece[] = [];
  for (const run of runs) pieces.push(...shape(cleanText(run.text), run.face, size));
  return pieces;
}

export interface SetOptions {
  readonly width: number;
  readonly align: LineAlign;
  readonly indent?: number;
  /** overrides the style's size */
  readonly size?: number;
}

/** Sets runs (or a string in the style's face) into lines of `width`. */
export function setText(content: string | readonly TextRun[], style: TextStyle, options: SetOptions): TextBox {
  const size = options.size ?? style.size;
  const runs = typeof content === 'string' ? [{ text: content, face: style.face }] : content;
  const pieces = piecesOf(runs, size);
  const indent = options.indent ?? 0;
  const lines = breakLines(pieces, options.width, options.width - indent);
  const lineHeight = size * style.leading;
  return {
    lines,
    size,
    color: style.color,
    lineHeight,
    width: options.width,
    indent,
    align: options.align,
    height: lines.length * lineHeight,
  };
}

/** Absolute glyph positions of one line set in a box starting at `x`. */
export function placeLine(line: Line, x: number, width: number, align: LineAlign, indent = 0): PlacedGlyph[] {
  const start = x + (line.first ? indent : 0);
  const room = width - (line.first ? indent : 0);
  let gap = 0;
  let left = start;
  switch (align) {
    case 'justify': {
      const gaps = line.stretch.filter(Boolean).length;
      if (!line.last && gaps > 0) gap = Math.max(0, (room - line.width) / gaps);
      break;
    }
    case 'center':
      left = start + (room - line.width) / 2;
      break;
    case 'right':
      left = start + room - line.width;
      break;
    case 'left':
      break;
  }
  const placed: PlacedGlyph[] = [];
  let pen = left;
  line.atoms.forEach((atom, j) => {
    if (line.stretch[j]) pen += gap;
    for (const p of atom.pieces) {
      placed.push({ glyph: p.glyph, size: p.size, x: pen });
      pen += p.width;
    }
  });
  return placed;
}

/** The baseline of a line whose box (one line pitch tall) starts at `top`: the em box centered in the pitch. */
export function baselineIn(top: number, lineHeight: number, size: number): number {
  return top + (lineHeight - size) / 2 + EM_ASCENT * size;
}

/** Draws lines [from, to) of a box whose first drawn line starts at `top`. */
export function drawBox(ink: Ink, box: TextBox, x: number, top: number, from = 0, to = box.lines.length): void {
  for (let i = from; i < to; i++) {
    const line = box.lines[i] as Line;
    const lineTop = top + (i - from) * box.lineHeight;
    ink.text(placeLine(line, x, box.width, box.align, box.indent), baselineIn(lineTop, box.lineHeight, box.size), box.color);
  }
}
