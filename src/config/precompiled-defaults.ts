/**
 * The package's default configuration (templates/default/bulletin.config.yaml),
 * validated when the package is built: the text it was read from and the
 * configuration it gives, as JSON.
 *
 * Undefined in the sources: `npm run build` writes the compiled
 * dist/config/precompiled-defaults.js (scripts/precompile-config.mjs). A
 * build with no workspace configuration file then needs neither the YAML
 * parse of the defaults nor the configuration's zod schema (≈20 ms of every
 * cold start, on the thread that reads the data); defaults whose text is not
 * this one (edited since the build) are read and validated as they are.
 */
export const PRECOMPILED_DEFAULTS: { readonly text: string; readonly json: string } | undefined = undefined;
