/**
 * What a file that is not a readable zip really is, from its bytes: an OLE2
 * compound file (a password-protected .xlsx, or a legacy .xls), a truncated
 * zip, or something else entirely (a text or HTML file named .xlsx).
 */
import type { RandomAccess } from './random-access.js';
import { XlsxError } from './errors.js';

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Stream names of an encrypted OOXML package, as UTF-16LE directory entry names. */
const ENCRYPTION_MARKS = [Buffer.from('EncryptionInfo', 'utf16le'), Buffer.from('EncryptedPackage', 'utf16le')];
const SCAN_CHUNK = 1024 * 1024;

export function isCompoundFile(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(0, 8).equals(CFB_MAGIC);
}

/** The error for a compound file: encrypted if it carries an EncryptionInfo stream, legacy .xls otherwise. */
export async function compoundFileError(handle: RandomAccess, size: number): Promise<XlsxError> {
  const overlap = Math.max(...ENCRYPTION_MARKS.map((m) => m.length)) - 1;
  const buf = Buffer.allocUnsafe(SCAN_CHUNK + overlap);
  let carried = 0;
  for (let pos = 0; pos < size; ) {
    const { bytesRead } = await handle.read(buf, carried, SCAN_CHUNK, pos);
    if (bytesRead === 0) break;
    const view = buf.subarray(0, carried + bytesRead);
    if (ENCRYPTION_MARKS.some((m) => view.includes(m))) {
      return new XlsxError({
        code: 'encrypted-workbook',
        expected: '没有打开密码的 .xlsx 工作簿',
        found: '加密的工作簿（含 EncryptionInfo）',
      });
    }
    carried = Math.min(overlap, view.length);
    view.copy(buf, 0, view.length - carried);
    pos += bytesRead;
  }
  return new XlsxError({
    code: 'legacy-xls',
    expected: 'Excel 工作簿（*.xlsx）',
    found: '旧版 Excel 97-2003 工作簿（.xls）',
  });
}

/** A file with no zip directory: a zip that was cut short, or not a zip at all. */
export function noZipError(head: Buffer, size: number): XlsxError {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5 || head[2] === 7)) {
    return new XlsxError({
      code: 'corrupt-workbook',
      expected: '完整的 .xlsx 文件',
      found: `zip 文件不完整（${size} 字节，缺少末尾的目录；文件可能没有传完整）`,
    });
  }
  return new XlsxError({ code: 'not-a-workbook', expected: '.xlsx 工作簿', found: describeBytes(head, size) });
}

function describeBytes(head: Buffer, size: number): string {
  if (size === 0) return '空文件（0 字节）';
  const text = head.toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (text.startsWith('%pdf')) return 'PDF 文件';
  if (text.startsWith('<html') || text.startsWith('<!doctype html') || text.includes('<table')) {
    return 'HTML 网页（网站导出的“Excel”常是这种文件：请在 Excel/WPS 中打开并另存为 .xlsx）';
  }
  if (text.startsWith('<?xml')) return 'XML 文件（可能是“XML 电子表格 2003”：请另存为 .xlsx）';
  if (head.length > 0 && !head.subarray(0, 512).some((b) => b < 9 || (b > 13 && b < 32))) return '文本文件（可能是 CSV：请在 Excel/WPS 中另存为 .xlsx）';
  return `不是 zip 格式（开头字节 ${head.subarray(0, 8).toString('hex')}）`;
}
