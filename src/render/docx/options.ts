/**
 * Options of the DOCX renderer. Font faces live here, and only here, so that
 * they can become configuration without hunting literals through the renderer.
 */
import { BulletinError } from '../../errors.js';
import { stripControlChars } from './text.js';

/** A font face: the East Asian font for Chinese text and the Latin font for digits and Latin letters. */
export interface FontFace {
  /** e.g. 宋体 */
  eastAsia: string;
  /** e.g. Times New Roman */
  latin: string;
}

export interface DocxFonts {
  /** body text, notes, tables, contact block: 宋体 / Times New Roman */
  body: FontFace;
  /** headings, table titles and table header cells: 黑体 */
  heading: FontFace;
  /** lead lines and the masthead's issue line: 仿宋 */
  lead: FontFace;
  /** the masthead title 卫生信息 (red, bold); defaults to the heading face */
  masthead: FontFace;
}

export interface DocxOptions {
  fonts: DocxFonts;
}

const LATIN = 'Times New Roman';

export const DEFAULT_DOCX_OPTIONS: Readonly<DocxOptions> = Object.freeze({
  fonts: Object.freeze({
    body: Object.freeze({ eastAsia: '宋体', latin: LATIN }),
    heading: Object.freeze({ eastAsia: '黑体', latin: LATIN }),
    lead: Object.freeze({ eastAsia: '仿宋', latin: LATIN }),
    masthead: Object.freeze({ eastAsia: '黑体', latin: LATIN }),
  }),
});

const FACES = ['body', 'heading', 'lead', 'masthead'] as const;

/**
 * Fills in defaults (face by face, and field by field inside a face, so a
 * partial configuration works) and checks that every font name is usable.
 * @throws BulletinError('config') for an empty or unprintable font name
 */
export function resolveDocxOptions(options: Partial<DocxOptions> = {}): DocxOptions {
  const given: Partial<Record<keyof DocxFonts, Partial<FontFace>>> = options.fonts ?? {};
  const fonts = {} as DocxFonts;
  for (const face of FACES) {
    const base = DEFAULT_DOCX_OPTIONS.fonts[face];
    const over = given[face] ?? {};
    fonts[face] = {
      eastAsia: checkFontName(over.eastAsia ?? base.eastAsia, `fonts.docx.${face}`),
      latin: checkFontName(over.latin ?? base.latin, `fonts.docx.latin`),
    };
  }
  return { fonts };
}

function checkFontName(value: unknown, where: string): string {
  if (typeof value !== 'string') {
    throw new BulletinError('config', `配置项 ${where}：应为字体名称，实为 ${typeof value}`);
  }
  const name = value.trim();
  if (name === '' || stripControlChars(name) !== name || /[<>&"]/.test(name)) {
    throw new BulletinError('config', `配置项 ${where}：不是可用的字体名称（不能为空，不能含控制字符或 < > & "）：${JSON.stringify(value)}`);
  }
  return name;
}

/** docx's run font for a face: the East Asian font for Chinese, the Latin font for everything else. */
export function runFont(face: FontFace): { ascii: string; hAnsi: string; eastAsia: string; cs: string } {
  return { ascii: face.latin, hAnsi: face.latin, eastAsia: face.eastAsia, cs: face.latin };
}
