/**
 * The named paragraph styles of the bulletin. Every paragraph the renderer
 * writes uses one of them, and fonts, sizes, spacing and keep-with-next live
 * here rather than on runs, so an editor restyles the whole issue in Word with
 * one click. Heading1/Heading2 are Word's built-in heading styles (outline
 * levels 1 and 2), so the navigation pane and a table of contents see them.
 */
import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  type IParagraphStyleOptions,
  type IStylesOptions,
  type IThemeOptions,
} from 'docx';
import { runFont, type DocxFonts, type FontFace } from './options.js';
import type { PageGeometry } from './page.js';

/** Style ids (what the XML references) of the bulletin's paragraph styles. */
export const STYLE = {
  normal: 'Normal',
  mastheadTitle: 'BulletinTitle',
  issueLine: 'IssueLine',
  mastheadLine: 'MastheadLine',
  heading1: 'Heading1',
  heading2: 'Heading2',
  body: 'BodyText',
  note: 'Note',
  lead: 'Lead',
  tableTitle: 'TableTitle',
  tableSubtitle: 'TableSubtitle',
  tableText: 'TableText',
  tableHeader: 'TableHeader',
  contact: 'Contact',
  header: 'Header',
  footer: 'Footer',
  draftMark: 'DraftMark',
} as const;

export const COLOR = {
  /** the masthead's red: title, rule and draft mark */
  red: 'D40000',
  /** table header rows */
  headerFill: 'EDEDED',
  /** 合计 rows */
  totalFill: 'F5F5F5',
} as const;

/** The document's language (core properties, East Asian text). */
export const LANGUAGE = 'zh-CN';
/**
 * w:lang of every run: Chinese for East Asian text, English for the Latin
 * script. With w:val="zh-CN" LibreOffice treats digits and Latin letters as
 * Chinese text and breaks lines inside figures ("12 / 320", "15.2 / %");
 * Chinese Word templates set the Latin language to en-US for the same reason.
 */
export const RUN_LANGUAGE = { value: 'en-US', eastAsia: LANGUAGE } as const;

/** Table Text and Table Header: ./tables.ts fits columns and breaks headers at this size. */
export const TABLE_TEXT_PT = 9;

/** half-points, as w:sz takes them */
const pt = (points: number): number => Math.round(points * 2);
/** twips */
const ptTw = (points: number): number => Math.round(points * 20);
/** w:spacing w:line for a multiple of single line spacing (lineRule auto) */
const lines = (multiple: number): number => Math.round(multiple * 240);

function run(face: FontFace, sizePt: number, extra: { bold?: boolean; color?: string } = {}) {
  return {
    font: runFont(face),
    size: pt(sizePt),
    sizeComplexScript: pt(sizePt),
    language: RUN_LANGUAGE,
    ...(extra.bold ? { bold: true, boldComplexScript: true } : {}),
    ...(extra.color ? { color: extra.color } : {}),
  };
}

/** Single-spaced paragraphs with no space around them: the base of every style. */
const TIGHT = { before: 0, after: 0, line: lines(1), lineRule: LineRuleType.AUTO } as const;

export function bulletinStyles(fonts: DocxFonts, page: PageGeometry): IStylesOptions {
  const paragraphStyles: IParagraphStyleOptions[] = [
    {
      id: STYLE.mastheadTitle,
      name: 'Bulletin Title',
      basedOn: STYLE.normal,
      next: STYLE.issueLine,
      quickFormat: true,
      uiPriority: 10,
      run: run(fonts.masthead, 44, { bold: true, color: COLOR.red }),
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { ...TIGHT, before: ptTw(6), after: ptTw(6) },
        keepNext: true,
        keepLines: true,
      },
    },
    {
      id: STYLE.issueLine,
      name: 'Issue Line',
      basedOn: STYLE.normal,
      next: STYLE.mastheadLine,
      quickFormat: true,
      uiPriority: 11,
      run: run(fonts.lead, 14),
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { ...TIGHT, after: ptTw(12) },
        keepNext: true,
        keepLines: true,
      },
    },
    {
      // publisher at the left, date at a right tab stop at the text width, red rule under it
      id: STYLE.mastheadLine,
      name: 'Masthead Line',
      basedOn: STYLE.normal,
      next: STYLE.body,
      quickFormat: true,
      uiPriority: 12,
      run: run(fonts.lead, 12),
      paragraph: {
        alignment: AlignmentType.LEFT,
        rightTabStop: page.textWidth,
        spacing: { ...TIGHT, after: ptTw(18) },
        border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: COLOR.red, space: 4 } },
        keepNext: true,
        keepLines: true,
      },
    },
    {
      id: STYLE.heading1,
      name: 'heading 1',
      basedOn: STYLE.normal,
      next: STYLE.body,
      quickFormat: true,
      uiPriority: 9,
      run: run(fonts.heading, 16),
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { ...TIGHT, before: ptTw(18), after: ptTw(12) },
        keepNext: true,
        keepLines: true,
        outlineLevel: 0,
      },
    },
    {
      id: STYLE.heading2,
      name: 'heading 2',
      basedOn: STYLE.normal,
      next: STYLE.body,
      quickFormat: true,
      uiPriority: 9,
      run: run(fonts.heading, 14),
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { ...TIGHT, before: ptTw(12), after: ptTw(6) },
        keepNext: true,
        keepLines: true,
        outlineLevel: 1,
      },
    },
    {
      id: STYLE.body,
      name: 'Body Text',
      basedOn: STYLE.normal,
      next: STYLE.body,
      quickFormat: true,
      uiPriority: 1,
      run: run(fonts.body, 12),
      paragraph: {
        alignment: AlignmentType.BOTH,
        // two characters: Word reads firstLineChars; LibreOffice (7.4) only firstLine, two 12 pt characters
        indent: { firstLineChars: 200, firstLine: ptTw(2 * 12) },
        spacing: { ...TIGHT, line: lines(1.5) },
      },
    },
    {
      id: STYLE.note,
      name: 'Note',
      basedOn: STYLE.normal,
      next: STYLE.body,
      quickFormat: true,
      uiPriority: 13,
      run: run(fonts.body, 10.5),
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { ...TIGHT, before: ptTw(3), after: ptTw(6) },
        keepLines: true,
      },
    },
    {
      id: STYLE.lead,
      name: 'Lead',
      basedOn: STYLE.normal,
      next: STYLE.body,
      quickFormat: true,
      uiPriority: 14,
      run: run(fonts.lead, 12),
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { ...TIGHT, after: ptTw(6) },
        keepNext: true,
        keepLines: true,
      },
    },
    {
      id: STYLE.tableTitle,
      name: 'Table Title',
      basedOn: STYLE.normal,
      next: STYLE.tableSubtitle,
      quickFormat: true,
      uiPriority: 15,
      run: run(fonts.heading, 12, { bold: true }),
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { ...TIGHT, before: ptTw(12), after: ptTw(6) },
        keepNext: true,
        keepLines: true,
      },
    },
    {
      id: STYLE.tableSubtitle,
      name: 'Table Subtitle',
      basedOn: STYLE.normal,
      next: STYLE.tableText,
      quickFormat: true,
      uiPriority: 16,
      run: run(fonts.body, 10.5),
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { ...TIGHT, after: ptTw(6) },
        keepNext: true,
        keepLines: true,
      },
    },
    {
      id: STYLE.tableText,
      name: 'Table Text',
      basedOn: STYLE.normal,
      next: STYLE.tableText,
      quickFormat: true,
      uiPriority: 17,
      run: run(fonts.body, TABLE_TEXT_PT),
      paragraph: { spacing: TIGHT },
    },
    {
      id: STYLE.tableHeader,
      name: 'Table Header',
      basedOn: STYLE.tableText,
      next: STYLE.tableHeader,
      quickFormat: true,
      uiPriority: 18,
      run: run(fonts.heading, TABLE_TEXT_PT),
      paragraph: { alignment: AlignmentType.CENTER, spacing: TIGHT },
    },
    {
      id: STYLE.contact,
      name: 'Contact',
      basedOn: STYLE.normal,
      next: STYLE.contact,
      quickFormat: true,
      uiPriority: 19,
      run: run(fonts.body, 10.5),
      paragraph: {
        alignment: AlignmentType.LEFT,
        spacing: { ...TIGHT, line: lines(1.2) },
        keepLines: true,
      },
    },
    {
      id: STYLE.header,
      name: 'header',
      basedOn: STYLE.normal,
      uiPriority: 99,
      unhideWhenUsed: true,
      run: run(fonts.body, 9),
      paragraph: { spacing: TIGHT },
    },
    {
      id: STYLE.draftMark,
      name: 'Draft Mark',
      basedOn: STYLE.header,
      quickFormat: true,
      uiPriority: 20,
      run: run(fonts.heading, 12, { color: COLOR.red }),
      paragraph: { alignment: AlignmentType.RIGHT, spacing: TIGHT },
    },
    {
      id: STYLE.footer,
      name: 'footer',
      basedOn: STYLE.normal,
      uiPriority: 99,
      unhideWhenUsed: true,
      run: run(fonts.body, 10.5),
      paragraph: { alignment: AlignmentType.CENTER, spacing: TIGHT },
    },
  ];

  return {
    default: {
      document: {
        run: run(fonts.body, 12),
        paragraph: { spacing: TIGHT },
      },
    },
    paragraphStyles,
  };
}

/**
 * The theme's body and heading fonts, so that Word's "(正文)"/"(标题)" font
 * entries are the bulletin's fonts too.
 */
export function bulletinTheme(fonts: DocxFonts): IThemeOptions {
  return {
    fonts: {
      body: { latin: fonts.body.latin, eastAsia: fonts.body.eastAsia, scripts: { Hans: fonts.body.eastAsia } },
      headings: {
        latin: fonts.heading.latin,
        eastAsia: fonts.heading.eastAsia,
        scripts: { Hans: fonts.heading.eastAsia },
      },
    },
  };
}
