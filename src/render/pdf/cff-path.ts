/**
 * A glyph's outline from its Type 2 charstring, without subroutines (as
 * CffSubsetter.flatCharstring gives it): the same commands, in the same
 * order and with the same arithmetic, as fontkit's CFFGlyph path, whose
 * first use decodes the whole CFF table (every INDEX of Noto Sans Hans'
 * 30,888 glyphs and 22,293 subroutines into objects: ≈40 ms of the render
 * worker's start, for the few dozen glyphs of the charts' text).
 *
 * Coordinates are in font units, y up. Hints are skipped (their operands
 * are counted, for the hint mask's length); the advance width some first
 * operators carry is dropped, as fontkit drops it from the path. Throws on
 * subroutine calls (the charstring must be flat) and on the arithmetic and
 * storage operators (not in our fonts; fontkit then draws the glyph).
 */

export interface PathCommand {
  command: 'moveTo' | 'lineTo' | 'bezierCurveTo' | 'closePath';
  args: number[];
}

export function charstringPath(cs: Uint8Array): PathCommand[] {
  const path: PathCommand[] = [];
  const stack: number[] = [];
  let widthSeen = false;
  let stems = 0;
  let x = 0;
  let y = 0;
  let open = false;

  const shift = (): number => {
    const v = stack.shift();
    // fontkit adds undefined (NaN) for a missing operand; a malformed glyph is refused instead
    if (v === undefined) throw new Error('CFF: an operator without its operands');
    return v;
  };
  const width = () => {
    if (!widthSeen) {
      widthSeen = true;
      stack.shift();
    }
  };
  const parseStems = () => {
    if (stack.length % 2 !== 0) width();
    stems += stack.length >> 1;
    stack.length = 0;
  };
  const moveTo = () => {
    if (open) path.push({ command: 'closePath', args: [] });
    path.push({ command: 'moveTo', args: [x, y] });
    open = true;
  };
  const lineTo = () => path.push({ command: 'lineTo', args: [x, y] });
  const curveTo = (c1x: number, c1y: number, c2x: number, c2y: number, ex: number, ey: number) =>
    path.push({ command: 'bezierCurveTo', args: [c1x, c1y, c2x, c2y, ex, ey] });
  /** x, y ← the curve's end; draws it */
  const curve = (c1x: number, c1y: number, c2x: number, c2y: number, ex: number, ey: number) => {
    x = ex;
    y = ey;
    curveTo(c1x, c1y, c2x, c2y, ex, ey);
  };

  /** a curve from the next six deltas: dxa dya dxb dyb dxc dyc */
  const rcurve = () => {
    const c1x = x + shift();
    const c1y = y + shift();
    const c2x = c1x + shift();
    const c2y = c1y + shift();
    curve(c1x, c1y, c2x, c2y, c2x + shift(), c2y + shift());
  };

  let i = 0;
  while (i < cs.length) {
    const op = cs[i++]!;
    if (op >= 32) {
      if (op < 247) stack.push(op - 139);
      else if (op < 251) stack.push((op - 247) * 256 + cs[i++]! + 108);
      else if (op < 255) stack.push(-(op - 251) * 256 - cs[i++]! - 108);
      else {
        stack.push(((cs[i]! << 24) | (cs[i + 1]! << 16) | (cs[i + 2]! << 8) | cs[i + 3]!) / 65536);
        i += 4;
      }
      continue;
    }
    switch (op) {
      case 28:
        stack.push(((cs[i]! << 24) >> 16) | cs[i + 1]!);
        i += 2;
        break;
      case 1: // hstem
      case 3: // vstem
      case 18: // hstemhm
      case 23: // vstemhm
        parseStems();
        break;
      case 19: // hintmask
      case 20: // cntrmask
        parseStems();
        i += (stems + 7) >> 3;
        break;
      case 21: // rmoveto
        if (stack.length > 2) width();
        x += shift();
        y += shift();
        moveTo();
        break;
      case 22: // hmoveto
        if (stack.length > 1) width();
        x += shift();
        moveTo();
        break;
      case 4: // vmoveto
        if (stack.length > 1) width();
        y += shift();
        moveTo();
        break;
      case 5: // rlineto
        while (stack.length >= 2) {
          x += shift();
          y += shift();
          lineTo();
        }
        break;
      case 6: // hlineto
      case 7: {
        // vlineto
        let horizontal = op === 6;
        while (stack.length >= 1) {
          if (horizontal) x += shift();
          else y += shift();
          lineTo();
          horizontal = !horizontal;
        }
        break;
      }
      case 8: // rrcurveto
        while (stack.length > 0) rcurve();
        break;
      case 24: // rcurveline
        while (stack.length >= 8) rcurve();
        x += shift();
        y += shift();
        lineTo();
        break;
      case 25: {
        // rlinecurve
        while (stack.length >= 8) {
          x += shift();
          y += shift();
          lineTo();
        }
        rcurve();
        break;
      }
      case 26: // vvcurveto
        if (stack.length % 2) x += shift();
        while (stack.length >= 4) {
          const c1x = x;
          const c1y = y + shift();
          const c2x = c1x + shift();
          const c2y = c1y + shift();
          curve(c1x, c1y, c2x, c2y, c2x, c2y + shift());
        }
        break;
      case 27: // hhcurveto
        if (stack.length % 2) y += shift();
        while (stack.length >= 4) {
          const c1x = x + shift();
          const c1y = y;
          const c2x = c1x + shift();
          const c2y = c1y + shift();
          curve(c1x, c1y, c2x, c2y, c2x + shift(), c2y);
        }
        break;
      case 30: // vhcurveto
      case 31: {
        // hvcurveto
        let horizontal = op === 31;
        while (stack.length >= 4) {
          if (horizontal) {
            const c1x = x + shift();
            const c1y = y;
            const c2x = c1x + shift();
            const c2y = c1y + shift();
            const ey = c2y + shift();
            curve(c1x, c1y, c2x, c2y, c2x + (stack.length === 1 ? shift() : 0), ey);
          } else {
            const c1x = x;
            const c1y = y + shift();
            const c2x = c1x + shift();
            const c2y = c1y + shift();
            const ex = c2x + shift();
            curve(c1x, c1y, c2x, c2y, ex, c2y + (stack.length === 1 ? shift() : 0));
          }
          horizontal = !horizontal;
        }
        break;
      }
      case 14: // endchar
        if (stack.length > 0) width();
        if (open) {
          path.push({ command: 'closePath', args: [] });
          open = false;
        }
        // what follows endchar is not drawn
        i = cs.length;
        break;
      case 12: {
        const x2 = cs[i++]!;
        flex(x2);
        break;
      }
      default:
        throw new Error(`CFF: charstring operator ${op}`);
    }
  }
  if (open) path.push({ command: 'closePath', args: [] });
  return path;

  /** the flex operators (12 34–37): two curves each */
  function flex(x2: number): void {
    switch (x2) {
      case 34: // hflex
        return hflex(false, false);
      case 35: {
        // flex
        twoCurves(points(6));
        stack.shift(); // fd: flex depth, a rendering hint
        return;
      }
      case 36: // hflex1
        return hflex(true, true);
      case 37: {
        // flex1
        const startX = x;
        const startY = y;
        const pts = points(5);
        if (Math.abs(x - startX) > Math.abs(y - startY)) {
          x += shift();
          y = startY;
        } else {
          x = startX;
          y += shift();
        }
        pts.push(x, y);
        twoCurves(pts);
        return;
      }
      default:
        throw new Error(`CFF: charstring operator 12 ${x2}`);
    }
  }

  /** n points, each a (dx, dy) from the one before */
  function points(n: number): number[] {
    const pts: number[] = [];
    for (let k = 0; k < n; k++) {
      x += shift();
      y += shift();
      pts.push(x, y);
    }
    return pts;
  }

  /** hflex, and hflex1 with the dy of its first and fifth points */
  function hflex(dy1: boolean, dy5: boolean): void {
    const c1x = x + shift();
    const c1y = dy1 ? y + shift() : y;
    const c2x = c1x + shift();
    const c2y = c1y + shift();
    const c3x = c2x + shift();
    const c4x = c3x + shift();
    const c5x = c4x + shift();
    const c5y = dy5 ? c2y + shift() : c2y;
    const c6x = c5x + shift();
    x = c6x;
    y = c5y;
    twoCurves([c1x, c1y, c2x, c2y, c3x, c2y, c4x, c2y, c5x, c5y, c6x, c5y]);
  }

  function twoCurves(p: readonly number[]): void {
    curveTo(p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!);
    curveTo(p[6]!, p[7]!, p[8]!, p[9]!, p[10]!, p[11]!);
  }
}
