/**
 * A change against an earlier month: "增长6.3%", "下降0.6%", "持平" within
 * ±0.05%. Percentages are rounded half up to one decimal from exact integer
 * arithmetic, never from floats.
 */
export interface Change {
  previous: number;
  current: number;
  delta: number;
  /** the change in tenths of a percent, rounded half away from zero; null when the earlier figure is 0 */
  tenths: number | null;
  direction: 'up' | 'down' | 'flat';
  /** 增长6.3% | 下降0.6% | 持平 | 增加12（上月为0） */
  text: string;
}

/** |a / b| in tenths of a percent, half up: round(|a| × 1000 / b). */
function tenthsOfPercent(delta: number, base: number): number {
  const num = BigInt(Math.abs(delta)) * 1000n;
  const den = BigInt(base);
  return Number((num * 2n + den) / (2n * den));
}

export function change(current: number, previous: number): Change {
  const delta = current - previous;
  if (previous === 0) {
    return {
      previous,
      current,
      delta,
      tenths: null,
      direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat',
      text: delta === 0 ? '持平' : `${delta > 0 ? '增加' : '减少'}${Math.abs(delta)}`,
    };
  }
  // within ±0.05% is 持平: |delta| × 10000 ≤ 5 × previous
  if (BigInt(Math.abs(delta)) * 10000n <= 5n * BigInt(Math.abs(previous))) {
    return { previous, current, delta, tenths: 0, direction: 'flat', text: '持平' };
  }
  const t = tenthsOfPercent(delta, Math.abs(previous));
  const pct = `${Math.floor(t / 10)}.${t % 10}%`;
  return {
    previous,
    current,
    delta,
    tenths: delta < 0 ? -t : t,
    direction: delta > 0 ? 'up' : 'down',
    text: `${delta > 0 ? '增长' : '下降'}${pct}`,
  };
}
