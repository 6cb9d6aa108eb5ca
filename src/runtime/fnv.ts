/**
 * FNV-1a over a string's UTF-16 code units, in 32-bit lanes that each mix in
 * the lane before: short, stable names for cache entries and identifiers.
 * Not a cryptographic hash; node:crypto, which has those, costs ≈10 ms to
 * load in each thread that loads it (the CLI's and the render worker's).
 */
const SEEDS = [0x811c9dc5, 0x050c5d1f, 0x3b4f2a19, 0x6d2e5c83];

/** `lanes` × 32 bits (1–4) as hex */
export function fnvHex(text: string, lanes = 2): string {
  const h = SEEDS.slice(0, Math.max(1, Math.min(4, lanes)));
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h[0] = Math.imul(h[0]! ^ c, 0x01000193);
    for (let k = 1; k < h.length; k++) h[k] = Math.imul(h[k]! ^ c, 0x01000193) ^ (h[k - 1]! >>> 15);
  }
  return h.map((v) => (v >>> 0).toString(16).padStart(8, '0')).join('');
}
