// TeX → SVG with MathJax (mathjax-full: TeX input with the base and AMS packages, SVG output with
// the glyphs as paths). Pure: no vscode, no worker; dist/mathjax.js runs it in a worker thread.
import { liteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import 'mathjax-full/js/input/tex/ams/AmsConfiguration.js';
import 'mathjax-full/js/input/tex/base/BaseConfiguration.js';
import { mathjax } from 'mathjax-full/js/mathjax.js';
import { SVG } from 'mathjax-full/js/output/svg.js';
import type { RenderRequest } from '../../shared/renderProtocol';

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
const tex = new TeX({
  packages: ['base', 'ams'],
  // A TeX error is a failed render (the hover falls back to code), not a red message in the image.
  formatError: (_jax: unknown, error: { message?: string }) => {
    throw new Error(error.message ?? 'TeX error');
  },
});
// fontCache 'local': each image carries the glyphs it uses in its own <defs>, so it stands alone.
const svg = new SVG({ fontCache: 'local' });
const page = mathjax.document('', { InputJax: tex, OutputJax: svg });

/** TeX → a standalone SVG document in `color`, sized in pixels. */
export function texToSvg(request: Omit<RenderRequest, 'id'>): { svg: string; widthPx: number; heightPx: number } {
  const node = page.convert(request.latex, { display: true, em: 2 * request.exPx, ex: request.exPx, containerWidth: 80 * 2 * request.exPx });
  let text = adaptor.innerHTML(node);
  if (text.includes('data-mml-node="merror"')) throw new Error('TeX error');
  const toPx = (ex: string) => Math.ceil(parseFloat(ex) * request.exPx * 100) / 100;
  let widthPx = 0;
  let heightPx = 0;
  text = text
    .replace(/^<svg style="[^"]*"/, '<svg')
    .replace(/ width="([\d.]+)ex"/, (_m, ex: string) => ` width="${(widthPx = toPx(ex))}px"`)
    .replace(/ height="([\d.]+)ex"/, (_m, ex: string) => ` height="${(heightPx = toPx(ex))}px"`)
    .replace(/currentColor/g, request.color);
  return { svg: text, widthPx, heightPx };
}
