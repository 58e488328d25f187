// Runs the math core off the extension host's thread. The host (coreClient.ts) runs two of these,
// one for what the user asked and one for work done ahead (hovers), and sends each one request at
// a time; it terminates a thread whose request runs too long.
import { parentPort } from 'node:worker_threads';
// integrate requires nerdamer on the first integral only, so loading the worker stays as fast as before
import { analyze, criticalPoints, differentiate, implicit, InputError, integrate, samplePlot, tangent, taylor } from '../core/index';
import type { WorkerRequest, WorkerResponse } from '../shared/workerProtocol';

const port = parentPort;
if (!port) throw new Error('dist/worker.js must run in a worker thread');

function answer(request: WorkerRequest): WorkerResponse {
  const { id } = request;
  switch (request.kind) {
    case 'analyze': return { id, ok: true, kind: 'analyze', value: analyze(request.source, request.dialect, request.context) };
    case 'differentiate': return { id, ok: true, kind: 'differentiate', value: differentiate(request.source, request.options) };
    case 'sample': return { id, ok: true, kind: 'sample', value: samplePlot(request.request) };
    case 'tangent': return { id, ok: true, kind: 'tangent', value: tangent(request.source, request.options) };
    case 'taylor': return { id, ok: true, kind: 'taylor', value: taylor(request.source, request.options) };
    case 'implicit': return { id, ok: true, kind: 'implicit', value: implicit(request.source, request.options) };
    case 'integrate': return { id, ok: true, kind: 'integrate', value: integrate(request.source, request.options) };
    case 'critical': return { id, ok: true, kind: 'critical', value: criticalPoints(request.source, request.options) };
  }
}

port.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = answer(request);
  } catch (error) {
    response = {
      id: request.id,
      ok: false,
      error:
        error instanceof InputError || (error instanceof Error && error.name === 'InputError')
          ? { kind: 'input', message: error.message, offset: (error as InputError).offset ?? -1 }
          : error instanceof Error && error.name === 'TimeoutError'
            // a calculus operation past its hard deadline: the user can raise derivative.timeBudgetMs
            ? { kind: 'input', message: 'the computation took longer than its time budget (derivative.timeBudgetMs)', offset: -1 }
            : { kind: 'internal', message: error instanceof Error ? error.message : String(error), offset: -1 },
    };
  }
  port.postMessage(response);
});
