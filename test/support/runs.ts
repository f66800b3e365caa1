// How many generated inputs a property or fuzz test tries: all of them in the full suite (`npm
// test`, what CI runs); a tenth in the quick run (`npm run test:fast` sets NIANBAO_TEST_QUICK=1),
// enough to catch a slip while working.
export const quick = process.env.NIANBAO_TEST_QUICK === '1';

/** `full` runs, or a tenth of them (at least 10) in the quick run. */
export function runs(full: number): number {
  return quick ? Math.max(10, Math.round(full / 10)) : full;
}
