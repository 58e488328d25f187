// Messages between the extension host and the math renderer worker (dist/mathjax.js). Types only.

export interface RenderRequest {
  id: number;
  /** TeX of the formula (display style). */
  latex: string;
  /** CSS colour of the glyphs, e.g. `#cccccc`: an image cannot inherit the hover's colour. */
  color: string;
  /** Pixels per ex: MathJax sizes in ex, the image in pixels. */
  exPx: number;
}

export type RenderResponse =
  | { id: number; ok: true; svg: string; widthPx: number; heightPx: number }
  | { id: number; ok: false; message: string };
