/**
 * Page furniture: A4 portrait with the bulletin's margins, the centered
 * `— 1 —` page number in the footer and the optional draft mark in the header.
 */
import {
  Footer,
  Header,
  PageNumber,
  PageOrientation,
  Paragraph,
  TextRun,
  type ISectionPropertiesOptions,
} from 'docx';
import { STYLE } from './styles.js';
import { cleanLine } from './text.js';

/** millimetres to twips, rounded (docx's convertMillimetersToTwip truncates: 30 mm would be 1700, not 1701) */
const mm = (value: number): number => Math.round((value * 1440) / 25.4);

/** Page geometry in twips (twentieths of a point). */
export interface PageGeometry {
  width: number;
  height: number;
  marginTop: number;
  marginBottom: number;
  marginLeft: number;
  marginRight: number;
  header: number;
  footer: number;
  /** width between the left and right margins: tables and the masthead's right tab use it */
  textWidth: number;
}

/** A4 portrait, margins top 30 mm, bottom 30 mm, left 28 mm, right 26 mm. */
export const A4_BULLETIN: Readonly<PageGeometry> = (() => {
  const width = 11906; // 210 mm, as Word writes A4
  const height = 16838; // 297 mm
  const marginLeft = mm(28);
  const marginRight = mm(26);
  return Object.freeze({
    width,
    height,
    marginTop: mm(30),
    marginBottom: mm(30),
    marginLeft,
    marginRight,
    header: mm(15),
    footer: mm(15),
    textWidth: width - marginLeft - marginRight,
  });
})();

export function sectionProperties(page: PageGeometry): ISectionPropertiesOptions {
  return {
    page: {
      size: { width: page.width, height: page.height, orientation: PageOrientation.PORTRAIT },
      margin: {
        top: page.marginTop,
        bottom: page.marginBottom,
        left: page.marginLeft,
        right: page.marginRight,
        header: page.header,
        footer: page.footer,
        gutter: 0,
      },
    },
  };
}

/** `— 1 —`: a PAGE field between em-dashes, centered (style Footer). */
export function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE.footer,
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

/** The draft mark (e.g. 征求意见稿) right-aligned in red at the top of every page (style DraftMark). */
export function draftMarkHeader(mark: string): Header {
  return new Header({
    children: [new Paragraph({ style: STYLE.draftMark, children: [new TextRun(cleanLine(mark))] })],
  });
}
