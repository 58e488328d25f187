// Renders TeX to SVG off the extension host's thread (dist/mathjax.js). Loaded only for hovers, so
// the core worker stays lean. One request at a time, in arrival order; the host terminates this
// thread when a render runs past its hard limit.
import { parentPort } from 'node:worker_threads';
import type { RenderRequest, RenderResponse } from './protocol';
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
