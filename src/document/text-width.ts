/** Display width in ems: CJK and full-width characters 1, others about 0.55. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w += cp >= 0x2e80 || (cp >= 0x1100 && cp <= 0x115f) ? 1 : 0.55;
  }
  return w;
}
