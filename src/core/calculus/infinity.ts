// How a bound writes an infinity. Its own module (no dependencies) so the extension's input
// validation reads bounds as the core does without bundling the core.

/** ±1 when the text writes an infinity (inf, -inf, oo, ∞, Infinity, np.inf, \infty, -\infty), else undefined. */
export function infiniteBound(text: string): 1 | -1 | undefined {
  const m = /^\s*([+-]?)\s*(?:inf|infinity|oo|∞|\\infty|(?:np|numpy|math)\.inf)\s*$/i.exec(text);
  return m ? (m[1] === '-' ? -1 : 1) : undefined;
}
