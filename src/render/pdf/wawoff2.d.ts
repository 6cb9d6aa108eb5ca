/** wawoff2 (CommonJS, untyped): WOFF2 <-> TTF via the reference woff2 library compiled to wasm. */
declare module 'wawoff2' {
  const wawoff2: {
    decompress(woff2: Uint8Array): Promise<Uint8Array>;
    compress(ttf: Uint8Array): Promise<Uint8Array>;
  };
  export default wawoff2;
}
