/** Reading a DOCX back: unzip it and parse its XML parts, for tests that assert on what Word will see. */
import JSZip from 'jszip';

// ---------------------------------------------------------------------------
// A tiny XML reader: enough for the XML docx writes (elements, attributes,
// text, the five predefined entities and numeric references).

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, ref: string) => {
    if (ref[0] === '#') {
      return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[ref] ?? '';
  });
}

export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#root', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  const token = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const m of xml.matchAll(token)) {
    const top = stack[stack.length - 1]!;
    if (m[1]) {
      const closed = stack.pop();
      if (closed?.name !== m[1]) throw new Error(`unbalanced XML: </${m[1]}> closes <${closed?.name}>`);
    } else if (m[2]) {
      const attrs: Record<string, string> = {};
      for (const a of (m[3] ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attrs[a[1]!] = decodeEntities(a[2] ?? a[3] ?? '');
      }
      const el: XmlElement = { name: m[2], attrs, children: [] };
      top.children.push(el);
      if (m[4] !== '/') stack.push(el);
    } else if (m[5]) {
      top.children.push(decodeEntities(m[5]));
    }
  }
  if (stack.length !== 1) throw new Error('unclosed XML element');
  return root;
}

export const elements = (node: XmlElement): XmlElement[] => node.children.filter((c): c is XmlElement => typeof c !== 'string');
export const child = (node: XmlElement, name: string): XmlElement | undefined => elements(node).find((c) => c.name === name);
export function descendants(node: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (n: XmlElement) => {
    for (const c of elements(n)) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}
/** The text of a paragraph (or any element): its w:t joined, tabs as \t, breaks as \n. */
export function textOf(node: XmlElement): string {
  let out = '';
  for (const c of elements(node)) {
    if (c.name === 'w:t') out += c.children.filter((t): t is string => typeof t === 'string').join('');
    else if (c.name === 'w:tab' && node.name === 'w:r') out += '\t';
    else if (c.name === 'w:cr' || c.name === 'w:br') out += '\n';
    else if (c.name !== 'w:pPr' && c.name !== 'w:rPr' && c.name !== 'w:tcPr' && c.name !== 'w:trPr') out += textOf(c);
  }
  return out;
}
/** All character data under an element. */
export const plainText = (n: XmlElement): string => n.children.map((c) => (typeof c === 'string' ? c : plainText(c))).join('');
export const styleOf = (p: XmlElement): string | undefined => child(child(p, 'w:pPr') ?? p, 'w:pStyle')?.attrs['w:val'];
export const has = (node: XmlElement | undefined, name: string): boolean => node !== undefined && child(node, name) !== undefined;

export interface Unzipped {
  zip: JSZip;
  names: string[];
  document: XmlElement;
  body: XmlElement;
  styles: XmlElement;
  core: XmlElement;
  raw: Record<string, string>;
}

export async function unzip(bytes: Buffer): Promise<Unzipped> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files);
  const raw: Record<string, string> = {};
  for (const name of names) {
    if (/\.(xml|rels)$/.test(name)) raw[name] = await zip.file(name)!.async('string');
  }
  const document = parseXml(raw['word/document.xml']!);
  const body = descendants(document, 'w:body')[0]!;
  return { zip, names, document, body, styles: parseXml(raw['word/styles.xml']!), core: parseXml(raw['docProps/core.xml']!), raw };
}

/** The body's top-level paragraphs (not those in table cells). */
export const topParagraphs = (u: Unzipped) => elements(u.body).filter((e) => e.name === 'w:p');
export const tables = (u: Unzipped) => elements(u.body).filter((e) => e.name === 'w:tbl');
export const rowsOf = (tbl: XmlElement) => elements(tbl).filter((e) => e.name === 'w:tr');
export const cellsOf = (tr: XmlElement) => elements(tr).filter((e) => e.name === 'w:tc');
export const tcPr = (tc: XmlElement) => child(tc, 'w:tcPr')!;
export const trPr = (tr: XmlElement) => child(tr, 'w:trPr');
export const gridSpanOf = (tc: XmlElement) => Number(child(tcPr(tc), 'w:gridSpan')?.attrs['w:val'] ?? 1);
/** 'restart' | 'continue' | undefined */
export function vMergeOf(tc: XmlElement): string | undefined {
  const v = child(tcPr(tc), 'w:vMerge');
  return v === undefined ? undefined : (v.attrs['w:val'] ?? 'continue');
}

