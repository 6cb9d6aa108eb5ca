/**
 * ECharts' server-side SVG, made print-only and reproducible: its hover CSS,
 * class names, pointer-events and ecmeta_* attributes (interaction data for a
 * browser) are dropped, and the ids zrender numbers per instance (zr0-, zr1-,
 * … — a second chart in the same process would get other ids) are renamed
 * after the chart, so the same report always gives the same bytes.
 */

export function normalizeSvg(svg: string, idPrefix: string): string {
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>\s*/g, '')
    .replace(/\s(?:class|pointer-events|ecmeta_[\w-]+)="[^"]*"/g, '')
    .replace(/(\bid="|url\(#|href="#)zr\d+-/g, `$1${idPrefix}-`)
    .replace(/\r\n?/g, '\n')
    .trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, ref: string) => {
    if (ref[0] === '#') {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      return String.fromCodePoint(parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    return ENTITIES[ref.toLowerCase()] ?? '';
  });
}

/** The strings the SVG draws: the content of each <text> element (tspans joined), entities decoded, in document order. */
export function svgTexts(svg: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) {
    const text = decodeXml((m[1] ?? '').replace(/<[^>]*>/g, ''));
    if (text.trim() !== '') out.push(text);
  }
  return out;
}
