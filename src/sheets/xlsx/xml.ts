/**
 * A small, fast, chunked XML tokenizer for the parts of a workbook. It is not
 * a general XML parser: it reports open/close tags by their local name (any
 * namespace prefix dropped), text only while the handler asks for it, and
 * CDATA as text. It never expands entities beyond the five predefined ones and
 * numeric character references: a DOCTYPE (and so any ENTITY declaration) is
 * refused outright, so there is no billion-laughs.
 *
 * Text arrives in chunks; whatever is left after the last complete tag (a
 * partial tag or text not yet closed) is carried over to the next chunk.
 */
import { TextDecoder } from 'node:util';
import { corrupt } from './errors.js';

export interface XmlHandler {
  /** true while the handler wants the text between tags */
  capturing: boolean;
  /**
   * `attrs` is valid during the call only. A handler may consume what follows
   * the tag itself (from `attrs.end + 1` in `attrs.s`) and return where the
   * scanner should go on; anything else (undefined, 0) means "go on after the tag".
   */
  open(name: string, attrs: Attrs, selfClosing: boolean): number | void;
  close(name: string): void;
  /** raw text (entities not decoded, unless `cdata`: then it is literal) */
  text(raw: string, cdata: boolean): void;
}

/** A token (tag or text run) longer than this is not from a spreadsheet: Excel's cells hold 32,767 characters. */
const MAX_TOKEN = 4 * 1024 * 1024;
/** Characters kept back while fast-forwarding, so a tag split across chunks is still found. */
const FAST_FORWARD_KEEP = 256;

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const COLON = 58;
const DQUOTE = 34;
const SQUOTE = 39;

export class XmlScanner {
  private readonly attrs = new Attrs();
  /** UTF-16 parts (byte-order mark) go through a text decoder and a string tail */
  private utf16: TextDecoder | undefined;
  private first = true;
  /** UTF-8 parts: the bytes not consumed yet (a partial tag or text, a partial character) */
  private byteTail: Buffer | undefined;
  private tail = '';
  private stopped = false;
  private paused = false;
  private forwardTo: string | undefined;

  constructor(private readonly h: XmlHandler) {}

  /** No more callbacks after this one; the rest of the input is ignored. */
  stop(): void {
    this.stopped = true;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Stops scanning after the current tag and keeps the rest of the input for
   * later: a consumer holding too much can drain it, then `resume()` and
   * `write` an empty buffer to go on.
   */
  pause(): void {
    this.paused = true;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  resume(): void {
    this.paused = false;
  }

  /** Skips everything (without callbacks) up to the next open tag with this local name. */
  fastForward(localName: string): void {
    this.forwardTo = localName;
  }

  /**
   * The next bytes of the part. UTF-8 is decoded here, carrying the unconsumed
   * rest as bytes: each chunk is scanned as one fresh flat string (a string
   * built as `tail + chunk` would be a V8 cons string, much slower to scan).
   */
  write(chunk: Buffer): void {
    if (this.stopped) return;
    if (this.first) {
      this.first = false;
      if (chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
        this.utf16 = new TextDecoder(chunk[0] === 0xff ? 'utf-16le' : 'utf-16be');
      }
    }
    if (this.utf16) {
      this.feed(chunk.length ? this.utf16.decode(chunk, { stream: true }) : '');
      return;
    }
    const tail = this.byteTail;
    const buf = tail && tail.length ? Buffer.concat([tail, chunk]) : chunk;
    const end = utf8Boundary(buf);
    const s = buf.toString('utf8', 0, end);
    // invalid UTF-8 decodes to U+FFFD, which would throw the char → byte arithmetic below off
    if (s.length !== end && s.indexOf('\ufffd') >= 0 && Buffer.byteLength(s, 'utf8') !== end) {
      throw corrupt('XML 不是有效的 UTF-8 文本');
    }
    const pos = this.scan(s, 0);
    if (this.stopped) return;
    let rest = end;
    if (pos < s.length) rest = s.length === end ? pos : Math.max(0, end - Buffer.byteLength(s.slice(pos), 'utf8'));
    if (buf.length - rest > MAX_TOKEN && !this.paused) throw tooLong();
    this.byteTail = rest < buf.length ? Buffer.from(buf.subarray(rest)) : undefined;
  }

  /** The next text of the part (for callers that already hold strings). */
  feed(chunk: string): void {
    if (this.stopped) return;
    const s = this.tail.length ? this.tail + chunk : chunk;
    const pos = this.scan(s, 0);
    this.tail = pos < s.length ? s.slice(pos) : '';
    if (this.tail.length > MAX_TOKEN && !this.paused) throw tooLong();
  }

  /** End of input: anything but white space left over means the part was cut short. */
  end(): void {
    if (this.utf16) this.feed(this.utf16.decode());
    if (this.stopped || this.forwardTo !== undefined) return;
    const rest = this.tail + (this.byteTail ? this.byteTail.toString('utf8') : '');
    if (rest.indexOf('<') >= 0) throw corrupt('XML 不完整（部件在标记中间结束）');
    this.tail = '';
    this.byteTail = undefined;
  }

  /** Tokenizes from `pos`; returns where the unconsumed rest starts. */
  private scan(s: string, pos: number): number {
    const h = this.h;
    const n = s.length;
    while (pos < n) {
      if (this.forwardTo !== undefined) {
        const at = findOpenTag(s, pos, this.forwardTo);
        if (at < 0) return Math.max(pos, n - FAST_FORWARD_KEEP);
        this.forwardTo = undefined;
        pos = at;
      }
      const lt = s.indexOf('<', pos);
      if (lt < 0) return pos;
      if (lt + 1 >= n) return pos;
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === BANG) {
        if (s.startsWith('<!--', lt)) {
          const e = s.indexOf('-->', lt + 4);
          if (e < 0) return pos;
          if (h.capturing && lt > pos) h.text(s.slice(pos, lt), false);
          pos = e + 3;
          continue;
        }
        if (s.startsWith('<![CDATA[', lt)) {
          const e = s.indexOf(']]>', lt + 9);
          if (e < 0) return pos;
          if (h.capturing) {
            if (lt > pos) h.text(s.slice(pos, lt), false);
            h.text(s.slice(lt + 9, e), true);
          }
          pos = e + 3;
          continue;
        }
        if (n - lt < 9 && '<![CDATA['.startsWith(s.slice(lt))) return pos;
        if (n - lt < 4 && '<!--'.startsWith(s.slice(lt))) return pos;
        // <!DOCTYPE, <!ENTITY, <!ELEMENT …: never processed
        throw corrupt(`XML 含有 DTD 声明（${s.slice(lt, Math.min(n, lt + 12))}…），出于安全原因不予读取`, '不含 DOCTYPE/ENTITY 的 XML');
      }
      if (c1 === QUESTION) {
        const e = s.indexOf('?>', lt + 2);
        if (e < 0) return pos;
        pos = e + 2;
        continue;
      }
      let gt: number;
      if (c1 === SLASH) {
        gt = s.indexOf('>', lt + 2);
        if (gt < 0) return pos;
        if (h.capturing && lt > pos) h.text(s.slice(pos, lt), false);
        h.close(localName(s, lt + 2, nameEnd(s, lt + 2, gt)));
      } else {
        gt = this.attrs.parse(s, lt + 1);
        if (gt < 0) return pos;
        if (h.capturing && lt > pos) h.text(s.slice(pos, lt), false);
        const attrs = this.attrs;
        const next = h.open(localName(s, lt + 1, attrs.nameEnd), attrs, attrs.selfClosing);
        if (typeof next === 'number' && next > gt) gt = next - 1;
      }
      pos = gt + 1;
      if (this.stopped) return n;
      if (this.paused) return pos;
    }
    return pos;
  }
}

function tooLong() {
  return corrupt(`XML 中有超长的标记或文本（超过 ${MAX_TOKEN} 字符）`);
}

/** Where the last complete UTF-8 character of `buf` ends (a character cut by the chunk boundary waits for the next chunk). */
function utf8Boundary(buf: Buffer): number {
  const n = buf.length;
  let i = n - 1;
  // step back over at most 3 continuation bytes to the lead byte
  while (i >= 0 && n - i <= 4 && (buf[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return n;
  const lead = buf[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return n - i < need ? i : n;
}

function nameEnd(s: string, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === SLASH || c === GT) break;
    i++;
  }
  return i;
}

function localName(s: string, from: number, end: number): string {
  let start = from;
  for (let i = from; i < end; i++) if (s.charCodeAt(i) === COLON) start = i + 1;
  return s.slice(start, end);
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === COLON;
}

/** Position of the `<` of the next open tag `<name` or `<prefix:name`, or -1. */
function findOpenTag(s: string, from: number, name: string): number {
  for (let i = from; ; ) {
    const k = s.indexOf(name, i);
    if (k < 0) return -1;
    const after = s.charCodeAt(k + name.length);
    if (k + name.length < s.length && !isNameChar(after)) {
      const before = s.charCodeAt(k - 1);
      if (before === LT) return k - 1;
      if (before === COLON) {
        let j = k - 2;
        while (j >= 0 && isNameChar(s.charCodeAt(j))) j--;
        if (j >= 0 && s.charCodeAt(j) === LT) return j;
      }
    }
    i = k + 1;
  }
}

/**
 * The attributes of the open tag being reported, parsed in the same pass that
 * finds the tag's end (values are skipped with indexOf, never char by char).
 * Held as ranges of the text, so hot paths test names (`is`) and read values
 * in place without allocating; `name(k)` and `value(k)` slice on demand.
 */
export class Attrs {
  s = '';
  count = 0;
  /** end of the tag name */
  nameEnd = 0;
  /** index of the tag's closing `>` in `s` */
  end = 0;
  selfClosing = false;
  /** per attribute: local-name start, name end, value start, value end */
  private pos = new Int32Array(64);
  private prefixed = new Uint8Array(16);

  /**
   * Parses the tag whose name starts at `from`; returns the index of its `>`,
   * or -1 if the tag is not complete in `s`. (White space is tested inline as
   * `<= 32`, XML's only characters at or below the space: this loop is hot.)
   */
  parse(s: string, from: number): number {
    const n = s.length;
    let i = nameEnd(s, from, n);
    this.s = s;
    this.nameEnd = i;
    this.count = 0;
    for (;;) {
      while (i < n && s.charCodeAt(i) <= 32) i++;
      if (i >= n) return -1;
      let c = s.charCodeAt(i);
      if (c === GT) {
        this.selfClosing = false;
        return (this.end = i);
      }
      if (c === SLASH) {
        if (i + 1 >= n) return -1;
        if (s.charCodeAt(i + 1) === GT) {
          this.selfClosing = true;
          return (this.end = i + 1);
        }
        i++;
        continue;
      }
      let start = i;
      let prefixed = 0;
      while (i < n) {
        c = s.charCodeAt(i);
        if (c === 61 /* = */ || c === GT || c === SLASH || c <= 32) break;
        if (c === COLON) {
          start = i + 1;
          prefixed = 1;
        }
        i++;
      }
      const stop = i;
      while (i < n && s.charCodeAt(i) <= 32) i++;
      if (i >= n) return -1;
      if (s.charCodeAt(i) !== 61) continue; // a name without a value: ignored
      i++;
      while (i < n && s.charCodeAt(i) <= 32) i++;
      if (i >= n) return -1;
      const q = s.charCodeAt(i);
      if (q !== DQUOTE && q !== SQUOTE) continue; // unquoted value: not XML; skipped
      const close = s.indexOf(q === DQUOTE ? '"' : "'", i + 1);
      if (close < 0) return -1;
      const k = this.count++;
      if (k * 4 + 4 > this.pos.length) this.grow();
      const p = this.pos;
      p[k * 4] = start;
      p[k * 4 + 1] = stop;
      p[k * 4 + 2] = i + 1;
      p[k * 4 + 3] = close;
      this.prefixed[k] = prefixed;
      i = close + 1;
    }
  }

  private grow(): void {
    const pos = new Int32Array(this.pos.length * 2);
    pos.set(this.pos);
    this.pos = pos;
    const prefixed = new Uint8Array(this.prefixed.length * 2);
    prefixed.set(this.prefixed);
    this.prefixed = prefixed;
  }

  /** whether attribute k's local name is `name` (no allocation) */
  is(k: number, name: string): boolean {
    const start = this.pos[k * 4]!;
    const len = name.length;
    if (this.pos[k * 4 + 1]! - start !== len) return false;
    for (let j = 0; j < len; j++) if (this.s.charCodeAt(start + j) !== name.charCodeAt(j)) return false;
    return true;
  }

  /** the first character of attribute k's local name, when the name is one character long; else -1 */
  char1(k: number): number {
    const start = this.pos[k * 4]!;
    return this.pos[k * 4 + 1]! - start === 1 ? this.s.charCodeAt(start) : -1;
  }

  isPrefixed(k: number): boolean {
    return this.prefixed[k] === 1;
  }

  name(k: number): string {
    return this.s.slice(this.pos[k * 4]!, this.pos[k * 4 + 1]!);
  }

  valueStart(k: number): number {
    return this.pos[k * 4 + 2]!;
  }

  valueEnd(k: number): number {
    return this.pos[k * 4 + 3]!;
  }

  /** attribute k's value, entities decoded */
  value(k: number): string {
    const raw = this.s.slice(this.pos[k * 4 + 2]!, this.pos[k * 4 + 3]!);
    return raw.indexOf('&') >= 0 ? decodeEntities(raw) : raw;
  }

  /** the value of the attribute with this local name, or undefined */
  get(name: string): string | undefined {
    for (let k = 0; k < this.count; k++) if (this.is(k, name)) return this.value(k);
    return undefined;
  }
}

const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,8})|#([0-9]{1,10})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function fromCodePoint(cp: number): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(cp);
}

/** The five predefined entities and numeric character references; anything else stays as written. */
export function decodeEntities(raw: string): string {
  return raw.replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16));
    if (dec !== undefined) return fromCodePoint(parseInt(dec, 10));
    return NAMED[named!]!;
  });
}

/** Text content as XML defines it: line ends normalized to \n (before references, so `&#13;` survives), references decoded. */
export function decodeText(raw: string, cdata: boolean): string {
  let s = raw;
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  if (!cdata && s.indexOf('&') >= 0) s = decodeEntities(s);
  return s;
}

const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** OOXML's `_xHHHH_` escapes in strings (`_x000D_` is a carriage return, `_x005F_` a literal underscore). */
export function decodeOoxmlEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(OOXML_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
