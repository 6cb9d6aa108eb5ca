/** How templates are compiled, and the key a precompiled template is found by (./precompiled-templates.ts). */
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';

/**
 * strict: a variable that does not exist is an error; noEscape: the output is
 * text, not HTML. A new object each time: Handlebars writes its defaults into
 * the options it is given.
 */
export const compileOptions = (): CompileOptions => ({ strict: true, noEscape: true });

/** The template's text, the options and the Handlebars version: a spec fits only what it was compiled from. */
export function templateKey(text: string): string {
  return createHash('sha1').update(`${Handlebars.VERSION}\0${JSON.stringify(compileOptions())}\0${text}`).digest('hex');
}
