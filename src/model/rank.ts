/**
 * Rankings: largest first; ties are broken by the name in Chinese (pinyin)
 * order, so the result never depends on the order of the provider's rows.
 */
// made on the first tie: a zh-CN collator takes ≈10 ms to make (ICU builds the pinyin tailoring), in every
// thread that imports this module (the render worker ranks the charts' bars too), and most rankings have no tie
let collator: Intl.Collator | undefined;

function nameCollator(): Intl.Collator {
  return (collator ??= new Intl.Collator('zh-CN'));
}

export function compareNames(a: string, b: string): number {
  return nameCollator().compare(a, b);
}

/**
 * Makes the collator now. ICU keeps the tailoring it builds for the whole
 * process: once one thread has made a zh-CN collator, another makes its own
 * in ≈0.3 ms. The render worker calls this as it starts, while the CLI
 * thread is still loading, so that the CLI thread's first tie (a month's
 * telemedicine rosters have some) does not pay the ≈10 ms on its way to the
 * document.
 */
export function prepareNameOrder(): void {
  nameCollator();
}

export function rankBy<T>(items: readonly T[], value: (t: T) => number, name: (t: T) => string): T[] {
  return [...items].sort((a, b) => value(b) - value(a) || compareNames(name(a), name(b)));
}

export function sum<T>(items: readonly T[], value: (t: T) => number): number {
  let s = 0;
  for (const t of items) s += value(t);
  return s;
}
