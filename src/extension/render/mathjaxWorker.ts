// Renders TeX to SVG off the extension host's thread (dist/mathjax.js). Loaded only for hovers, so
// the core worker stays lean. Requests are answered in arrival order; the host terminates this thread
// when a render runs past its hard limit. While idle after start-up it renders a few typical formulas
// so that the JIT has compiled MathJax before the first hovers (3 ms a formula warm, 10–40 ms cold).
import { parentPort } from 'node:worker_threads';
import type { RenderRequest, RenderResponse } from '../../shared/renderProtocol';
import { texToSvg } from './tex2svg';

const port = parentPort;
if (!port) throw new Error('dist/mathjax.js must run in a worker thread');

port.on('message', (request: RenderRequest) => {
  let response: RenderResponse;
  try {
    response = { id: request.id, ok: true, ...texToSvg(request) };
  } catch (error) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});

/** Formulas like the hovers show: fractions, roots, powers, functions, Greek letters, partials. */
const WARM_UP = [
  '\\frac{d}{dx}(x^{2} \\sin(x)) = x (x \\cos(x) + 2 \\sin(x))',
  '\\frac{\\partial}{\\partial \\sigma}\\left(\\frac{1}{\\sigma} e^{-x^{2}/\\sigma}\\right) = \\frac{(x^{2} - \\sigma) e^{-x^{2}/\\sigma}}{\\sigma^{3}}',
  '\\frac{dy}{dt} = -\\frac{2 t}{\\sqrt{1 - t^{2}}} + \\ln\\left|t\\right| \\tan(\\theta) \\operatorname{sech}^{2}(a t + b)',
  '\\frac{d}{dx}(\\mathit{rate} \\cdot \\arctan(x)) = \\frac{\\mathit{rate}}{x^{2} + 1}',
];
let round = 0;
/** One warm-up render per turn of the event loop, so a real request never waits behind them. */
function warmUp(): void {
  if (round >= 12) return;
  try {
    texToSvg({ latex: `${WARM_UP[round % WARM_UP.length]!} + ${round}`, color: '#000000', exPx: 7 });
  } catch {
    // only a warm-up
  }
  round++;
  setImmediate(warmUp);
}
setImmediate(warmUp);
