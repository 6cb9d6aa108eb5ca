/**
 * A chart's shapes drawn straight onto the PDF page (render/pdf/svg-shapes.ts):
 * what it reads of ECharts' SVG, SVG's defaults, what it leaves to
 * svg-to-pdfkit, and the pdfkit calls it makes. (tests/charts.test.ts
 * compares the pages it draws with svg-to-pdfkit's.)
 */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { BulletinDocument, ChartBlock } from '../src/document/blocks.js';
import { renderPdf } from '../src/render/pdf.js';
import { chartNeedsSvgToPdf } from '../src/render/pdf/chart.js';
import { drawShapes, parseShapes, type ShapeCanvas } from '../src/render/pdf/svg-shapes.js';

const svg = (body: string) => `<svg width="300" height="120" xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 300 120">\n${body}\n</svg>`;

describe('parseShapes', () => {
  it("reads what ECharts writes for our charts: paths, polylines and rects, translated, filled and stroked", () => {
    const shapes = parseShapes(
      svg(
        [
          '<rect width="300" height="120" x="0" y="0" fill="none"></rect>',
          '<path d="M113.5 20L113.5 188" fill="none" stroke="#E3E3E3" stroke-width="0.6"></path>',
          '<path d="M-38 -5.7l38 0l0 11.4l-38 0Z" transform="translate(107.5 34)" fill="none"></path>',
          '<path d="M0 0A50 50 0 0 1 50 50L0 50Z" transform="translate(150,60)" fill="#D40000" stroke="#FFFFFF" stroke-linejoin="round"></path>',
          '<path d="M1 1L2 2" transform="translate(1 2)" fill="rgb(0,0,0)" fill-opacity="0" stroke="#3c3c41" stroke-width="0"></path>',
          '<polyline points="10 20 30 40 50 60" fill="none" stroke="#808080" stroke-width="0.6"></polyline>',
          '<path d="M60 30L200 30L200 50L60 50Z" fill="#2E5C8A"/>',
          '<rect x="5" y="6" width="7" height="8"/>',
        ].join('\n'),
      ),
    );
    expect(shapes).toEqual([
      { kind: 'path', d: 'M113.5 20L113.5 188', dx: 0, dy: 0, stroke: { color: '#e3e3e3', opacity: 1, width: 0.6, cap: 'butt', join: 'miter', miterLimit: 4 } },
      {
        kind: 'path',
        d: 'M0 0A50 50 0 0 1 50 50L0 50Z',
        dx: 150,
        dy: 60,
        fill: { color: '#d40000', opacity: 1 },
        stroke: { color: '#ffffff', opacity: 1, width: 1, cap: 'butt', join: 'round', miterLimit: 4 },
      },
      { kind: 'polyline', points: [10, 20, 30, 40, 50, 60], dx: 0, dy: 0, stroke: { color: '#808080', opacity: 1, width: 0.6, cap: 'butt', join: 'miter', miterLimit: 4 } },
      { kind: 'path', d: 'M60 30L200 30L200 50L60 50Z', dx: 0, dy: 0, fill: { color: '#2e5c8a', opacity: 1 } },
      // SVG's default fill: black
      { kind: 'rect', x: 5, y: 6, width: 7, height: 8, dx: 0, dy: 0, fill: { color: '#000000', opacity: 1 } },
    ]);
  });

  it('takes opacity, #rgb and rgba() into the paint', () => {
    expect(parseShapes(svg('<path d="M0 0L1 1Z" fill="#abc" fill-opacity="0.5" opacity="0.5"/><path d="M0 0L1 1" fill="none" stroke="rgba(255,0,16,0.5)"/>'))).toEqual([
      { kind: 'path', d: 'M0 0L1 1Z', dx: 0, dy: 0, fill: { color: '#aabbcc', opacity: 0.25 } },
      { kind: 'path', d: 'M0 0L1 1', dx: 0, dy: 0, stroke: { color: '#ff0010', opacity: 0.5, width: 1, cap: 'butt', join: 'miter', miterLimit: 4 } },
    ]);
  });

  it('leaves to svg-to-pdfkit any SVG with something else: text, groups, dashes, other transforms, colours and elements', () => {
    for (const body of [
      '<text x="1" y="2">南京</text>',
      '<g><path d="M0 0L1 1"/></g>',
      '<path d="M0 0L1 1" stroke="#000" stroke-dasharray="2 2"/>',
      '<path d="M0 0L1 1" transform="rotate(45)"/>',
      '<path d="M0 0L1 1" transform="matrix(1 0 0 1 5 5)"/>',
      '<path d="M0 0L1 1" fill="url(#grad)"/>',
      '<path d="M0 0L1 1" fill="red"/>',
      '<path d="M0 0L1 1" style="fill:red"/>',
      '<path d="M0 0L1 1" fill="#000" fill="#fff"/>',
      '<path d="M0 0 L1 1 X"/>',
      '<circle cx="1" cy="1" r="1"/>',
      '<path d="M0 0L1 1" opacity="0.5" stroke="#000"/>',
      '<polyline points="1 2 3"/>',
      '<rect width="-1" height="2"/>',
      '<path d="M0 0L1 1"/> stray text',
    ]) {
      expect([body, parseShapes(svg(body))]).toEqual([body, undefined]);
    }
    expect(parseShapes('<p>not an svg</p>')).toBeUndefined();
  });
});

describe('drawShapes', () => {
  it("draws each shape in the SVG's user space, scaled and moved onto the page, with SVG's stroke defaults", () => {
    const calls: string[] = [];
    const canvas = new Proxy({} as ShapeCanvas, {
      get: (_, name: string) => (...args: unknown[]) => calls.push(`${name}(${args.join(',')})`),
    });
    const shapes = parseShapes(svg('<path d="M1 2L3 4" transform="translate(5 6)" fill="#2E5C8A" stroke="#fff" stroke-width="0.5"/><polyline points="0 0 1 1 2 0" fill="none" stroke="#808080" stroke-linecap="round"/>'))!;
    drawShapes(canvas, shapes, 100, 200, 0.5);
    expect(calls).toEqual([
      'save()',
      'transform(0.5,0,0,0.5,100,200)',
      'save()',
      'translate(5,6)',
      'path(M1 2L3 4)',
      'fillColor(#2e5c8a)',
      'strokeColor(#ffffff)',
      'lineWidth(0.5)',
      'lineCap(butt)',
      'lineJoin(miter)',
      'miterLimit(4)',
      'fillAndStroke()',
      'restore()',
      'save()',
      'moveTo(0,0)',
      'lineTo(1,1)',
      'lineTo(2,0)',
      'strokeColor(#808080)',
      'lineWidth(1)',
      'lineCap(round)',
      'lineJoin(miter)',
      'miterLimit(4)',
      'stroke()',
      'restore()',
      'restore()',
    ]);
  });
});

describe('a chart with something svg-shapes.ts does not draw', () => {
  it('is drawn by svg-to-pdfkit, loaded for it, in the same document as a chart it does draw', async () => {
    const chart = (id: string, body: string): ChartBlock => ({ type: 'chart', id, caption: '图1 测试', alt: '测试', svg: svg(body), width: 300, height: 120 });
    const dashed = chart('chart-dashed', '<path d="M10 10L290 10" fill="none" stroke="#808080" stroke-dasharray="4 2"/>');
    const plain = chart('chart-plain', '<path d="M60 30L200 30L200 50L60 50Z" fill="#2E5C8A"/>');
    const doc: BulletinDocument = {
      meta: { title: 't', author: 'a', subject: 's', language: 'zh-CN', date: new Date('2020-11-30T00:00:00Z') },
      blocks: [plain, dashed],
    };
    const pdf = await renderPdf(doc);
    // (asked once the document's fonts are loaded: a chart's caption sets its room on the page)
    expect([chartNeedsSvgToPdf(dashed), chartNeedsSvgToPdf(plain)]).toEqual([true, false]);
    const content = [...pdf.toString('latin1').matchAll(/stream\r?\n/g)]
      .map((m) => {
        const start = m.index! + m[0].length;
        try {
          return inflateSync(pdf.subarray(start, pdf.indexOf('endstream', start, 'latin1'))).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('\n');
    // svg-to-pdfkit's dash, and the plain chart's bar filled in its colour
    expect(content).toMatch(/\[4 2\] 0 d/);
    expect(content).toMatch(/0\.18\d* 0\.36\d* 0\.54\d* (rg|scn)/);
  });
});
