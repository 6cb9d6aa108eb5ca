/**
 * Every piece of text the PDF will draw, with the face it is drawn in and
 * where it comes from in the document. Used twice before anything is drawn:
 * to load the fonts (and serif chunks) the document needs, and to check that
 * each character has a glyph in its face, so that a character no font has
 * fails the build with a message naming it and its place instead of
 * printing a blank or a box.
 */
import { BulletinError } from '../../errors.js';
import type { BulletinDocument } from '../../document/blocks.js';
import { CHART_CAPTION, CHART_TEXT_FACE, chartTexts } from './chart.js';
import { cleanText, codePointName } from './chars.js';
import { glyphFor, prepareFaces, type FaceName } from './fonts.js';
import { resolveGrid } from './grid.js';
import { CONTACT, STYLES, cellFace, runFace } from './style.js';

export interface TextSpot {
  /** cleaned text, as drawn */
  readonly text: string;
  readonly face: FaceName;
  /** where the text is, for messages: `table 'stats-bookings', row 5, column 3` */
  readonly where: string;
}

/** Characters of the page furniture (page numbers `— 12 —`). */
const FURNITURE_TEXT = '— 0123456789 —';

export function textSpots(doc: BulletinDocument): TextSpot[] {
  const spots: TextSpot[] = [];
  const add = (text: string, face: FaceName, where: string): void => {
    const cleaned = cleanText(text);
    if (cleaned.length > 0) spots.push({ text: cleaned, face, where });
  };
  add(FURNITURE_TEXT, STYLES.footer.face, 'the page numbers');
  if (doc.meta.draftMark) add(doc.meta.draftMark, STYLES.draftMark.face, 'meta.draftMark (the draft mark)');

  let heading = '';
  doc.blocks.forEach((block, index) => {
    const at = `block ${index + 1}`;
    switch (block.type) {
      case 'masthead':
        add(block.title, STYLES.mastheadTitle.face, `the masthead title (${at})`);
        add(block.issueLine, STYLES.mastheadIssue.face, `the masthead issue line (${at})`);
        add(block.publisher, STYLES.mastheadPublisher.face, `the masthead publisher (${at})`);
        add(block.date, STYLES.mastheadPublisher.face, `the masthead date (${at})`);
        break;
      case 'heading':
        add(block.text, block.level === 1 ? STYLES.heading1.face : STYLES.heading2.face, `heading '${block.id}' (${at})`);
        heading = block.id;
        break;
      case 'paragraph': {
        const where = `${block.style} paragraph (${at}${heading ? `, under heading '${heading}'` : ''})`;
        for (const run of block.runs) add(run.text, runFace(run.bold), where);
        break;
      }
      case 'table': {
        const name = `table '${block.id}'`;
        add(block.title, STYLES.tableTitle.face, `${name} title`);
        if (block.subtitle) add(block.subtitle, STYLES.tableSubtitle.face, `${name} subtitle`);
        const columns = block.columns.length;
        for (const g of resolveGrid(block.header, columns, `${name} header`).cells) {
          add(g.cell.text, cellFace(true, g.cell.bold === true), `${name}, header row ${g.row + 1}, column ${g.col + 1}`);
        }
        const body = resolveGrid(
          block.rows.map((r) => r.cells),
          columns,
          `${name} body`,
        );
        for (const g of body.cells) {
          const total = block.rows[g.row]?.kind === 'total';
          add(g.cell.text, cellFace(false, total || g.cell.bold === true), `${name}, row ${g.row + 1}, column ${g.col + 1}`);
        }
        break;
      }
      case 'chart':
        add(block.caption, CHART_CAPTION.face, `chart '${block.id}' caption`);
        for (const text of chartTexts(block)) add(text, CHART_TEXT_FACE, `chart '${block.id}'`);
        break;
      case 'contact':
        add(block.organization, STYLES.contactOrganization.face, `the contact block organization (${at})`);
        for (const line of block.lines) {
          add(`${line.label}：${line.value}`, STYLES.contactLine.face, `the contact block line '${line.label}' (${at})`);
        }
        add(block.channels.join(CONTACT.channelSeparator), STYLES.contactLine.face, `the contact block channels (${at})`);
        break;
      case 'pageBreak':
        break;
    }
  });
  return spots;
}

/** The code points each face draws, each once. */
export type CodePointsByFace = Map<FaceName, Set<number>>;

export function codePointsByFace(spots: readonly TextSpot[]): CodePointsByFace {
  const byFace: CodePointsByFace = new Map();
  for (const spot of spots) {
    let set = byFace.get(spot.face);
    if (!set) byFace.set(spot.face, (set = new Set()));
    // by index, not for…of: no one-character string per character (a document is tens of thousands)
    const text = spot.text;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      set.add(cp);
    }
  }
  return byFace;
}

/** Loads the fonts the spots need; returns what they draw (for checkCoverage). */
export async function prepareSpots(spots: readonly TextSpot[]): Promise<CodePointsByFace> {
  const byFace = codePointsByFace(spots);
  await prepareFaces(byFace);
  return byFace;
}

const FACE_FONTS: Record<FaceName, string> = {
  serif: 'Noto Serif SC, Noto Sans Hans',
  serifBold: 'Noto Serif SC Bold, Noto Sans Hans Bold',
  sans: 'Noto Sans Hans',
  sansBold: 'Noto Sans Hans Bold',
};

function excerpt(text: string, index: number): string {
  const chars = [...text];
  const from = Math.max(0, index - 20);
  const to = Math.min(chars.length, index + 20);
  return `${from > 0 ? '…' : ''}${chars.slice(from, to).join('')}${to < chars.length ? '…' : ''}`;
}

/**
 * Throws BulletinError('font') listing each character no font of its face
 * has, with its text and place. Each face's characters are looked up once
 * (`byFace`, from prepareSpots); the spots are walked only to tell where a
 * missing one is.
 */
export function checkCoverage(spots: readonly TextSpot[], byFace: CodePointsByFace = codePointsByFace(spots)): void {
  let missing = false;
  for (const [face, cps] of byFace) for (const cp of cps) if (!glyphFor(face, cp)) missing = true;
  if (!missing) return;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const spot of spots) {
    let i = 0;
    for (const ch of spot.text) {
      const cp = ch.codePointAt(0) as number;
      if (!glyphFor(spot.face, cp)) {
        const key = `${cp}@${spot.where}`;
        if (!seen.has(key)) {
          seen.add(key);
          problems.push(
            `the character ${JSON.stringify(ch)} (${codePointName(cp)}) in ${spot.where}: ${JSON.stringify(excerpt(spot.text, i))} ` +
              `— no font has it (${FACE_FONTS[spot.face]})`,
          );
        }
      }
      i++;
    }
  }
  if (problems.length === 0) return;
  const shown = problems.slice(0, 10);
  const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
  const head =
    problems.length === 1
      ? `cannot draw ${shown[0]}`
      : `cannot draw ${problems.length} characters:\n  ${shown.join('\n  ')}${more}`;
  throw new BulletinError('font', `${head}. Replace or remove the character in the source data.`);
}
