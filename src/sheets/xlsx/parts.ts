/**
 * The package's map: which part is the workbook (`_rels/.rels`), its sheets
 * in order with their names and states (`workbook.xml`), the date system, and
 * where each sheet, the shared strings and the styles live
 * (`xl/_rels/workbook.xml.rels`, targets relative or absolute).
 */
import { corrupt, XlsxError } from './errors.js';
import type { XmlHandler } from './xml.js';
import { XmlScanner } from './xml.js';
import type { ZipArchive, ZipEntry } from './zip.js';
import { normalizeEntryName } from './zip.js';

/** Streams one entry through a scanner; stops early when the handler stops the scanner. */
export async function scanEntry(zip: ZipArchive, entry: ZipEntry, handler: XmlHandler, scanner = new XmlScanner(handler)): Promise<void> {
  for await (const chunk of zip.stream(entry)) {
    scanner.write(chunk);
    if (scanner.isStopped) return;
  }
  scanner.end();
}

export interface Relationship {
  type: string;
  /** resolved part name inside the zip, or the raw target for external ones */
  target: string;
  external: boolean;
}

/** `xl/worksheets/sheet1.xml` from base `xl/workbook.xml` and target `worksheets/sheet1.xml` (or `/xl/worksheets/sheet1.xml`). */
export function resolveTarget(basePart: string, target: string): string {
  let t = target.trim();
  try {
    t = decodeURIComponent(t);
  } catch {
    /* keep as written */
  }
  t = t.replace(/\\/g, '/');
  const parts = t.startsWith('/') ? [] : basePart.split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return normalizeEntryName(parts.join('/'));
}

/** The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
export function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

export async function readRelationships(zip: ZipArchive, part: string): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  const entry = zip.get(relsPartOf(part));
  if (!entry) return rels;
  await scanEntry(zip, entry, {
    capturing: false,
    open(name, attrs) {
      if (name !== 'Relationship') return;
      const id = attrs.get('Id') ?? '';
      const type = attrs.get('Type') ?? '';
      const target = attrs.get('Target') ?? '';
      const external = attrs.get('TargetMode') === 'External';
      if (id && !rels.has(id)) rels.set(id, { type, target: external ? target : resolveTarget(part, target), external });
    },
    close() {},
    text() {},
  });
  return rels;
}

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface SheetRef {
  name: string;
  /** 0-based position in workbook.xml */
  index: number;
  state: SheetState;
  /** the worksheet part, when the relationship resolves to one */
  part: string | undefined;
  /** the relationship type's last segment: worksheet, chartsheet, dialogsheet… */
  kind: string;
}

export interface WorkbookInfo {
  workbookPart: string;
  sheets: SheetRef[];
  date1904: boolean;
  sharedStringsPart: string | undefined;
  stylesPart: string | undefined;
}

const typeName = (type: string) => type.slice(type.lastIndexOf('/') + 1);

/** Finds and reads the workbook part; a zip without one is not a workbook. */
export async function readWorkbookInfo(zip: ZipArchive): Promise<WorkbookInfo> {
  let workbookPart: string | undefined;
  const packageRels = await readRelationships(zip, '');
  for (const r of packageRels.values()) {
    if (!r.external && typeName(r.type) === 'officeDocument' && zip.get(r.target)) {
      workbookPart = zip.get(r.target)!.name;
      break;
    }
  }
  workbookPart ??= zip.get('xl/workbook.xml')?.name;
  const entry = workbookPart === undefined ? undefined : zip.get(workbookPart);
  if (workbookPart === undefined || !entry) {
    const names = zip.names();
    throw new XlsxError({
      code: 'not-a-workbook',
      expected: '.xlsx 工作簿（含 xl/workbook.xml）',
      found: `zip 压缩包，但不含 Excel 工作簿（${names.slice(0, 3).join('、') || '空'}${names.length > 3 ? ' 等' : ''}）`,
    });
  }

  const raw: { name: string; rid: string; state: SheetState }[] = [];
  let date1904 = false;
  let root: string | undefined;
  await scanEntry(zip, entry, {
    capturing: false,
    open(name, attrs) {
      root ??= name;
      if (name === 'sheet') {
        let sheetName = '';
        let rid = '';
        let state: SheetState = 'visible';
        for (let k = 0; k < attrs.count; k++) {
          if (attrs.is(k, 'name')) sheetName = attrs.value(k);
          // r:id (whatever the prefix); an unprefixed id only as a fallback
          else if (attrs.is(k, 'id') && (attrs.isPrefixed(k) || rid === '')) rid = attrs.value(k);
          else if (attrs.is(k, 'state')) {
            const v = attrs.value(k);
            if (v === 'hidden' || v === 'veryHidden') state = v;
          }
        }
        raw.push({ name: sheetName, rid, state });
      } else if (name === 'workbookPr') {
        const v = attrs.get('date1904');
        if (v !== undefined) date1904 = v === '1' || v.toLowerCase() === 'true';
      }
    },
    close() {},
    text() {},
  });

  if (root !== 'workbook') {
    const what: Record<string, string> = { document: 'Word 文档（.docx）', presentation: 'PowerPoint 演示文稿（.pptx）' };
    throw new XlsxError({
      code: 'not-a-workbook',
      expected: '.xlsx 工作簿',
      found: root !== undefined && what[root] ? what[root] : `zip 压缩包，主文档 ${workbookPart} 不是 Excel 工作簿`,
    });
  }

  const rels = await readRelationships(zip, workbookPart);
  let sharedStringsPart: string | undefined;
  let stylesPart: string | undefined;
  for (const r of rels.values()) {
    if (r.external) continue;
    const t = typeName(r.type);
    if (t === 'sharedStrings' && sharedStringsPart === undefined) sharedStringsPart = r.target;
    else if (t === 'styles' && stylesPart === undefined) stylesPart = r.target;
  }
  const dir = workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1);
  sharedStringsPart ??= zip.get(`${dir}sharedStrings.xml`)?.name;
  stylesPart ??= zip.get(`${dir}styles.xml`)?.name;

  const sheets: SheetRef[] = raw.map((r, index) => {
    const rel = rels.get(r.rid);
    let part = rel && !rel.external ? rel.target : undefined;
    let kind = rel ? typeName(rel.type) : 'worksheet';
    if (!rel) {
      // no relationship (a damaged or hand-made package): the conventional name
      part = `${dir}worksheets/sheet${index + 1}.xml`;
      kind = 'worksheet';
    }
    return { name: r.name || `Sheet${index + 1}`, index, state: r.state, part, kind };
  });
  if (raw.length === 0) throw corrupt('workbook.xml 中没有任何工作表');
  return { workbookPart, sheets, date1904, sharedStringsPart, stylesPart };
}
