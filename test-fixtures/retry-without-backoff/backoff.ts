export const computeBackoff = (attempt: number) => Math.random() * 100 * 2 ** attempt;
