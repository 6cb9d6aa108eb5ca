/** How templates are compiled, and the key a precompiled template is found by (./precompiled-templates.ts). */
import Handlebars from 'handlebars';

/**
 * strict: a variable that does not exist is an error; noEscape: the output is
 * text, not HTML. A new object each time: Handlebars writes its defaults into
 * the options it is given.
 */
export const compileOptions = (): CompileOptions => ({ strict: true, noEscape: true });

/**
 * The Handlebars version, the options and the template's text: a spec fits
 * only what it was compiled from. The whole text, not a hash of it: exact
 * (no collision can pick another template's spec), and no node:crypto to
 * load (≈10 ms of every build's start) for ≈10 KB of templates.
 */
export function templateKey(text: string): string {
  return `${Handlebars.VERSION}\0${JSON.stringify(compileOptions())}\0${text}`;
}
