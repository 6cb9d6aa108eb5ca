// Prints a DOCX's paragraphs and table rows as text (a debugging aid): node --import tsx scripts/docx-text.mts file.docx
import { readFile } from 'node:fs/promises';
import { descendants, elements, textOf, unzip } from '../tests/helpers/docx-xml.js';
const u = await unzip(await readFile(process.argv[2]!));
for (const e of elements(u.body)) {
  if (e.name === 'w:p') console.log(textOf(e));
  if (e.name === 'w:tbl') for (const tr of descendants(e, 'w:tr')) console.log('  | ' + descendants(tr, 'w:tc').map((tc) => textOf(tc)).join(' | '));
}
