/**
 * Loading resvg. @resvg/resvg-js picks its native binary by platform, and on
 * Linux first asks process.report.getReport() whether the C library is musl:
 * a whole diagnostic report, ≈15 ms on the thread that writes the DOCX, just
 * when it needs the charts. Here the Linux binary is taken from the same
 * package resvg-js would take (@resvg/resvg-js-linux-<arch>-<gnu|musl>), the
 * C library told by /usr/bin/ldd as detect-libc tells it; with
 * resvg-js's own one-line wrapper (options as JSON). Anywhere else, or when
 * that does not load, resvg-js itself.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { RenderedImage, ResvgRenderOptions } from '@resvg/resvg-js';

export type RenderAsync = (svg: string, options: ResvgRenderOptions) => Promise<RenderedImage>;

interface NativeBinding {
  renderAsync(svg: string, options: string | null, signal?: unknown): Promise<RenderedImage>;
}

function linuxBinding(): RenderAsync | undefined {
  if (process.platform !== 'linux' || (process.arch !== 'x64' && process.arch !== 'arm64')) return undefined;
  let libc: 'gnu' | 'musl';
  try {
    libc = readFileSync('/usr/bin/ldd', 'latin1').includes('musl') ? 'musl' : 'gnu';
  } catch {
    return undefined;
  }
  try {
    // the platform package is installed next to resvg-js (its optional dependency)
    const fromResvg = createRequire(createRequire(import.meta.url).resolve('@resvg/resvg-js'));
    const binding = fromResvg(`@resvg/resvg-js-linux-${process.arch}-${libc}`) as NativeBinding;
    if (typeof binding.renderAsync !== 'function') return undefined;
    return (svg, options) => binding.renderAsync(svg, JSON.stringify(options));
  } catch {
    return undefined;
  }
}

let loaded: RenderAsync | undefined;

export async function resvgRenderAsync(): Promise<RenderAsync> {
  loaded ??= linuxBinding() ?? (await import('@resvg/resvg-js')).renderAsync;
  return loaded;
}
