/**
 * The default templates (templates/default/**), precompiled: Handlebars
 * template specs by the key ./template-key.ts gives (text, options, Handlebars version).
 *
 * Empty in the sources: `npm run build` writes the compiled
 * dist/document/precompiled-templates.js with the specs
 * (scripts/precompile-templates.mjs). Compiling the templates costs about
 * 0.1 s of every cold build (the Handlebars compiler and its source-map
 * code generator); a template whose text is not among them (a workspace's
 * own, or a default edited since the build) is compiled as it is read.
 */
/** TemplateSpecification: Handlebars' global type of a precompiled template */
export const PRECOMPILED: ReadonlyMap<string, TemplateSpecification> = new Map();
