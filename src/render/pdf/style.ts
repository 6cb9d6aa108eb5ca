/**
 * The page and the typography of the PDF bulletin, in one place: A4 with the
 * margins of a government bulletin (GB/T 9704-2012 in spirit), the sizes and
 * faces of every kind of text, and the colors. Units are PDF points
 * (1/72 inch); y grows downwards from the top of the page, as in pdfkit.
 */
import type { FaceName } from './fonts.js';

export const MM = 72 / 25.4;

export const PAGE = {
  width: 595.28,
  height: 841.89,
  marginTop: 30 * MM,
  marginBottom: 30 * MM,
  marginLeft: 28 * MM,
  marginRight: 26 * MM,
} as const;

export const TEXT_LEFT = PAGE.marginLeft;
export const TEXT_WIDTH = PAGE.width - PAGE.marginLeft - PAGE.marginRight;
export const TEXT_TOP = PAGE.marginTop;
export const TEXT_BOTTOM = PAGE.height - PAGE.marginBottom;

export const BLACK = '#000000';
export const RED = '#D40000';
export const HEADER_FILL = '#EDEDED';
export const TOTAL_FILL = '#F5F5F5';

/**
 * Where a CJK glyph's em box sits relative to its baseline: Noto's
 * ideographic em box runs from -0.12 em to 0.88 em. Text is placed by
 * centering that box in its line.
 */
export const EM_ASCENT = 0.88;

export interface TextStyle {
  face: FaceName;
  size: number;
  /** line pitch as a multiple of size */
  leading: number;
  color: string;
}

export const STYLES = {
  mastheadTitle: { face: 'serifBold', size: 44, leading: 1.25, color: RED },
  mastheadIssue: { face: 'serif', size: 14, leading: 1.5, color: BLACK },
  mastheadPublisher: { face: 'serif', size: 14, leading: 1.5, color: BLACK },
  heading1: { face: 'sans', size: 16, leading: 1.5, color: BLACK },
  heading2: { face: 'sans', size: 14, leading: 1.5, color: BLACK },
  body: { face: 'serif', size: 12, leading: 1.6, color: BLACK },
  note: { face: 'serif', size: 10.5, leading: 1.5, color: BLACK },
  lead: { face: 'serif', size: 10.5, leading: 1.5, color: BLACK },
  tableTitle: { face: 'sansBold', size: 12, leading: 1.5, color: BLACK },
  tableSubtitle: { face: 'serif', size: 10.5, leading: 1.45, color: BLACK },
  tableCell: { face: 'serif', size: 9, leading: 1.3, color: BLACK },
  tableHeader: { face: 'sans', size: 9, leading: 1.3, color: BLACK },
  contactOrganization: { face: 'sans', size: 12, leading: 1.6, color: BLACK },
  contactLine: { face: 'serif', size: 10.5, leading: 1.6, color: BLACK },
  footer: { face: 'serif', size: 10.5, leading: 1, color: BLACK },
  draftMark: { face: 'sans', size: 12, leading: 1, color: RED },
} as const satisfies Record<string, TextStyle>;

/** vertical space around blocks (collapsing: the larger of after/before wins) */
export const SPACING = {
  masthead: { before: 0, after: 20 },
  heading1: { before: 18, after: 10 },
  heading2: { before: 12, after: 6 },
  body: { before: 0, after: 2 },
  note: { before: 3, after: 3 },
  lead: { before: 0, after: 6 },
  table: { before: 12, after: 12 },
  contact: { before: 24, after: 0 },
} as const;

export const MASTHEAD = {
  /** gap between the title and the issue line */
  titleGap: 4,
  /** gap between the issue line and the publisher/date line */
  issueGap: 6,
  /** gap between the publisher/date line and the red rule */
  ruleGap: 4,
  ruleWidth: 1.5,
} as const;

export const TABLE = {
  paddingX: 3,
  paddingY: 2.5,
  ruleWidth: 0.5,
  /** gap between the title (or subtitle) and the grid */
  titleGap: 4,
  /** in text columns and headers, an unbreakable token wider than this share of the text width is broken */
  maxTextTokenShare: 0.3,
  /** cell sizes tried, largest first, when numbers do not fit the text width at the regular size */
  cellSizes: [9, 8.5, 8, 7.5, 7],
} as const;

export const CONTACT = {
  ruleWidth: 0.75,
  /** gap between the rule and the organization */
  ruleGap: 8,
  channelSeparator: '\u3000\u3000',
} as const;

export const FOOTER = {
  /** distance from the bottom of the text area to the top of the page number line (GB/T 9704: 7 mm) */
  offset: 7 * MM,
} as const;

export const DRAFT_MARK = {
  /** distance from the top of the text area up to the mark's baseline */
  raise: 10 * MM,
} as const;

/** The face of a table cell: header cells are sans (黑体), body cells serif (宋体); total rows and bold cells bold. */
export function cellFace(header: boolean, bold: boolean): FaceName {
  if (header) return bold ? 'sansBold' : 'sans';
  return bold ? 'serifBold' : 'serif';
}

/** The face of a paragraph run: paragraphs are serif, bold runs serif bold. */
export function runFace(bold: boolean | undefined): FaceName {
  return bold ? 'serifBold' : 'serif';
}
