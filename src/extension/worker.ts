// Runs the math core off the extension host's thread. The host (coreClient.ts) runs two of these,
// one for what the user asked and one for work done ahead (hovers), and sends each one request at
// a time; it terminates a thread whose request runs too long.
import { parentPort } from 'node:worker_threads';
import { analyze, analyzeSelection, differentiate, differentiateMatrix, differentiateSelection, InputError } from '../core/index';
import { explainMatrix } from './panel/matrix';
import { samplePlot } from './panel/sampling';
import type { WorkerRequest, WorkerResponse } from './protocol';

const port = parentPort;
if (!port) throw new Error('dist/worker.js must run in a worker thread');

port.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response =
      request.kind === 'differentiate'
        ? { id: request.id, ok: true, kind: 'differentiate', value: differentiate(request.source, request.options) }
        : request.kind === 'differentiateSelection'
          ? { id: request.id, ok: true, kind: 'differentiateSelection', value: differentiateSelection(request.source, request.options) }
        : request.kind === 'analyzeSelection'
          ? { id: request.id, ok: true, kind: 'analyzeSelection', value: analyzeSelection(request.source, request.dialect, request.context) }
        : request.kind === 'differentiateMatrix'
          ? { id: request.id, ok: true, kind: 'differentiateMatrix', value: differentiateMatrix(request.source, request.options) }
        : request.kind === 'sample'
          ? { id: request.id, ok: true, kind: 'sample', value: samplePlot(request.request) }
          : request.kind === 'matrix'
            ? { id: request.id, ok: true, kind: 'matrix', value: explainMatrix(request.request) }
            : { id: request.id, ok: true, kind: 'analyze', value: analyze(request.source, request.dialect, request.context) };
  } catch (error) {
    response = {
      id: request.id,
      ok: false,
      error:
        error instanceof InputError || (error instanceof Error && error.name === 'InputError')
          ? { kind: 'input', message: error.message, offset: (error as InputError).offset ?? -1 }
          : { kind: 'internal', message: error instanceof Error ? error.message : String(error), offset: -1 },
    };
  }
  port.postMessage(response);
});
