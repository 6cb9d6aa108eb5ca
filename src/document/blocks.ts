/**
 * The block document: what an issue says, in the order it says it, with no
 * knowledge of DOCX or PDF. Both renderers (src/render/docx.ts, src/render/pdf.ts)
 * draw exactly this, so a figure cannot differ between the two outputs.
 *
 * Tables follow HTML semantics for spans: a cell with rowSpan/colSpan covers
 * the positions to its right and below, and rows that follow omit the cells
 * at covered positions.
 */

export type Align = 'left' | 'center' | 'right' | 'justify';

/** A piece of inline text; bold is the only emphasis the bulletin uses. */
export interface Run {
  text: string;
  bold?: boolean;
}

/** The red masthead (报头) at the top of the first page. */
export interface MastheadBlock {
  type: 'masthead';
  /** 卫生信息 */
  title: string;
  /** 2020年第11期 (· 总第245期 when a serial is configured) */
  issueLine: string;
  /** 南京市卫生信息中心 */
  publisher: string;
  /** 2020年11月30日, or '' when no date is known */
  date: string;
}

/**
 * level 1: a section (新闻, 统计数据, 简讯); level 2: an item inside a section
 * (a news title, a statistics subsection). Headings appear in the PDF outline
 * and as Word heading styles.
 */
export interface HeadingBlock {
  type: 'heading';
  level: 1 | 2;
  text: string;
  /** stable anchor, e.g. 'stats-hotline' */
  id: string;
}

/**
 * body: an indented body paragraph (two-character first-line indent);
 * note: a smaller remark such as （截止10月底，总预约挂号量为21771320次）;
 * lead: a short centered line under a heading or table title.
 */
export type ParagraphStyle = 'body' | 'note' | 'lead';

export interface ParagraphBlock {
  type: 'paragraph';
  style: ParagraphStyle;
  runs: Run[];
  align?: Align;
}

export interface TableColumn {
  /** default alignment of the column's body cells: numbers right, names left */
  align: 'left' | 'center' | 'right';
  /**
   * relative width weight; renderers scale weights to the text width.
   * Computed from content by the document builder.
   */
  weight: number;
  /** numeric column: tabular figures, right aligned */
  numeric?: boolean;
}

export interface TableCell {
  text: string;
  colSpan?: number;
  rowSpan?: number;
  /** overrides the column's alignment */
  align?: 'left' | 'center' | 'right';
  bold?: boolean;
  /** vertical text (one character per line), e.g. a merged group label 医疗单位 */
  vertical?: boolean;
}

export interface TableRow {
  /** total: the 合计 row, drawn so it stands out (bold, shaded) */
  kind: 'data' | 'total';
  cells: TableCell[];
}

/**
 * A table starts on a page only when its title, its header and this many body
 * rows (or all of them, if fewer) fit there: two or three lonely rows at the
 * foot of a page, the rest overleaf, read as a stray fragment. Both renderers
 * keep to it.
 */
export const TABLE_FIRST_ROWS = 4;

export interface TableBlock {
  type: 'table';
  /** stable anchor, e.g. 'stats-bookings' */
  id: string;
  /** printed centered and bold above the table; kept on the same page as the table's first rows */
  title: string;
  /** optional line right under the title, e.g. （不包含12320电话预约、…） */
  subtitle?: string;
  columns: TableColumn[];
  /** header rows: repeated at the top of every page the table runs onto */
  header: TableCell[][];
  rows: TableRow[];
}

/**
 * A chart, drawn once as SVG (ECharts, server-side) for both outputs: the PDF
 * draws the SVG as vector graphics with real text, the DOCX embeds a PNG
 * rasterized from the same SVG with the same fonts.
 */
export interface ChartBlock {
  type: 'chart';
  /** stable anchor, e.g. 'chart-bookings' */
  id: string;
  /** numbered caption printed under the chart: 图1 2020年10月各医院预约挂号量（前10名） */
  caption: string;
  /** a sentence describing the chart for screen readers (DOCX alt text, PDF /Alt) */
  alt: string;
  /** the chart as a standalone SVG document */
  svg: string;
  /** printed size in points */
  width: number;
  height: number;
}

export interface PageBreakBlock {
  type: 'pageBreak';
}

/** The center's contact block at the end of the issue. */
export interface ContactBlock {
  type: 'contact';
  organization: string;
  /** label and value, e.g. { label: '地址', value: '南京市紫竹林3号' } */
  lines: { label: string; value: string }[];
  /** extra line of channel names (健康南京APP …), may be empty */
  channels: string[];
}

export type Block =
  | MastheadBlock
  | HeadingBlock
  | ParagraphBlock
  | TableBlock
  | ChartBlock
  | PageBreakBlock
  | ContactBlock;

export interface DocumentMeta {
  /** 卫生信息 2020年第11期 */
  title: string;
  /** 南京市卫生信息中心 */
  author: string;
  /** e.g. 2020年10月卫生信息统计 */
  subject: string;
  language: 'zh-CN';
  /** the issue's date: used for every timestamp so that rebuilds are byte-identical */
  date: Date;
  /** when set, every page carries this mark (e.g. 征求意见稿) */
  draftMark?: string;
}

export interface BulletinDocument {
  meta: DocumentMeta;
  blocks: Block[];
}
