// Injected by scripts/bundle.mjs into the CommonJS bundles, which define import.meta.url as this:
// the bundle file's own URL.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
