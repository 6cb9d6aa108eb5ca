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

/**
 * resvg's native binary allocates with a mimalloc of its own, which reads
 * its options from the environment when the binary is loaded. Each chart's
 * pixmap and its PNG are ≈3.5 MB of memory the process has not touched
 * before, and on a virtual machine a first touch costs a fault per 4 KiB
 * page: ≈13 µs each on the 2-core VM we measure on, ≈11,000 faults for the
 * sample's five charts. With 2 MiB pages allowed (transparent huge pages,
 * madvise'd: Linux's default setting) for the first segment of every thread
 * too (resvg renders in Node's thread pool), the same five charts take ≈500
 * faults and ≈0.14 CPU-s less (a cold build −70 ms wall, paired over 16
 * rounds); the pixels are the same. Where the kernel gives no huge pages the
 * options change nothing. A value the user set is kept; only mimalloc reads
 * these variables, and resvg is the only library we load that links it.
 */
export const RESVG_ALLOCATOR_ENV: Readonly<Record<string, string>> = {
  MIMALLOC_ALLOW_LARGE_OS_PAGES: '1',
  MIMALLOC_EAGER_COMMIT_DELAY: '0',
};

/** Sets resvg's allocator options (RESVG_ALLOCATOR_ENV) where the environment has none; before the binary loads. */
export function tuneResvgAllocator(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(RESVG_ALLOCATOR_ENV)) env[name] ??= value;
}

let loaded: RenderAsync | undefined;

export async function resvgRenderAsync(): Promise<RenderAsync> {
  if (!loaded) tuneResvgAllocator();
  loaded ??= linuxBinding() ?? (await import('@resvg/resvg-js')).renderAsync;
  return loaded;
}
