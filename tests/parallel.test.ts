/**
 * What the render worker (src/render/parallel.ts) relies on: a document
 * built with its chart SVGs left for later, then filled with the SVGs drawn
 * from the same report (in another thread, from a structured clone of the
 * report), is the document built in one go.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCharts } from '../src/charts/index.js';
import { loadConfig } from '../src/config/load.js';
import { DEFAULT_TEMPLATES } from '../src/config/paths.js';
import { buildDocument, fillChartSvgs } from '../src/document/build.js';
import { loadTemplates } from '../src/document/templates.js';
import { checkMonth } from '../src/pipeline.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

describe('chart SVGs drawn elsewhere', () => {
  it('give the same document as drawing them in place', async () => {
    const config = await loadConfig(undefined, { required: false });
    const templates = await loadTemplates([DEFAULT_TEMPLATES]);
    const { report } = await checkMonth(FIXTURES, { year: 2020, month: 10 }, config);
    const whole = buildDocument(report, config, templates);
    const later = buildDocument(report, config, templates, { chartSvgsLater: true });
    const charts = later.blocks.filter((b) => b.type === 'chart');
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) expect(c).toMatchObject({ svg: '' });
    // as the worker does: from a copy of the report
    const svgs = new Map([...buildCharts(structuredClone(report))].map(([id, spec]) => [id as string, spec.svg]));
    fillChartSvgs(later, svgs);
    expect(later).toEqual(whole);
  });

  it('fail loudly when a chart has no SVG', async () => {
    const config = await loadConfig(undefined, { required: false });
    const templates = await loadTemplates([DEFAULT_TEMPLATES]);
    const { report } = await checkMonth(FIXTURES, { year: 2020, month: 10 }, config);
    const later = buildDocument(report, config, templates, { chartSvgsLater: true });
    expect(() => fillChartSvgs(later, new Map())).toThrow(/has no SVG/);
  });
});
