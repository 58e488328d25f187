// KaTeX as the panel uses it. Set deliberately:
// - trust: false — \href, \url, \includegraphics, \htmlClass, \htmlId, \htmlStyle, \htmlData render as
//   plain (error-coloured) text: no links, images, classes, ids, styles or data attributes;
// - maxExpand: 200 — macro expansions per formula (KaTeX's default is 1000; the core's LaTeX uses none),
//   so a recursive \def stops at once;
// - maxSize: 10 — no user-specified size (rules, struts, spacing) above 10em;
// - throwOnError: false — a formula KaTeX cannot read shows as its source text, in error colour;
// - strict: 'ignore' — no console noise for LaTeX KaTeX accepts anyway;
// - a fresh `macros` object per call — \gdef cannot leak from one formula into the next.
// Rendering goes through katex.render (DOM nodes, styles set through CSSOM), never innerHTML, so
// the strict Content Security Policy holds (no inline style attributes are parsed).
import katex, { type KatexOptions } from 'katex';

export const KATEX_OPTIONS: Readonly<KatexOptions> = Object.freeze({
  trust: false,
  maxExpand: 200,
  maxSize: 10,
  throwOnError: false,
  strict: 'ignore',
  output: 'htmlAndMathml',
  globalGroup: false,
});

/** Options for one formula. */
export function katexOptions(displayMode: boolean): KatexOptions {
  return { ...KATEX_OPTIONS, displayMode, macros: {} };
}

/** Renders `latex` into `target`; false when KaTeX refused it (its source then shows as text). */
export function renderMath(target: HTMLElement, latex: string, displayMode: boolean): boolean {
  try {
    katex.render(latex, target, katexOptions(displayMode));
    return target.querySelector('.katex-error') === null;
  } catch {
    target.textContent = latex;
    target.classList.add('math-fallback');
    return false;
  }
}
