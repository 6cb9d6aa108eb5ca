/**
 * Text widths for the chart layout, in the font the charts are printed in
 * (Noto Sans S Chinese Regular, the sans face the PDF embeds and resvg
 * rasterizes with). ECharts measures text to place axis labels, the legend
 * and value labels; server-side it has no canvas, so the widths come from
 * here: the font's advance widths for printable ASCII (read from
 * NotoSansHans-Regular.otf, checked against the file by tests/charts.test.ts)
 * and one em for everything else (CJK ideographs and full-width punctuation
 * are one em in this font; for other characters one em is a safe upper bound).
 */

/** advance widths in 1/1000 em of U+0020…U+007E */
export const ASCII_ADVANCES: readonly number[] = [
  224, 323, 475, 555, 555, 921, 680, 278, 338, 338, 467, 555, 278, 347, 278, 392, 555, 555, 555, 555, 555, 555, 555, 555,
  555, 555, 278, 278, 555, 555, 555, 474, 946, 607, 657, 638, 687, 588, 552, 689, 728, 293, 536, 646, 542, 812, 722, 742,
  632, 742, 635, 597, 599, 721, 575, 878, 573, 531, 603, 338, 392, 338, 555, 559, 606, 564, 618, 509, 620, 554, 325, 563,
  607, 275, 275, 552, 285, 926, 611, 606, 620, 620, 388, 468, 377, 607, 521, 802, 498, 521, 474, 338, 269, 338, 555,
];

/** Width of `text` set at `size` (any unit: the result is in the same unit). */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    em += cp >= 0x20 && cp <= 0x7e ? (ASCII_ADVANCES[cp - 0x20] as number) / 1000 : 1;
  }
  return em * size;
}

/** The font size of a CSS font shorthand as ECharts writes it ("normal normal 9.5px 'Noto Sans S Chinese'"). */
export function fontSizeOf(font: string | undefined, fallback = 12): number {
  const m = /(\d+(?:\.\d+)?)px/.exec(font ?? '');
  return m ? Number(m[1]) : fallback;
}
