// Runs the math core off the extension host's thread. The host (coreClient.ts) runs two of these,
// one for what the user asked and one for work done ahead (hovers), and sends each one request at
// a time; it terminates a thread whose request runs too long.
import { parentPort } from 'node:worker_threads';
import { analyze, differentiate, InputError, samplePlot } from '../core/index';
import type { WorkerRequest, WorkerResponse } from '../shared/workerProtocol';

const port = parentPort;
if (!port) throw new Error('dist/worker.js must run in a worker thread');

function answer(request: WorkerRequest): WorkerResponse {
  const { id } = request;
  switch (request.kind) {
    case 'analyze': return { id, ok: true, kind: 'analyze', value: analyze(request.source, request.dialect, request.context) };
    case 'differentiate': return { id, ok: true, kind: 'differentiate', value: differentiate(request.source, request.options) };
    case 'sample': return { id, ok: true, kind: 'sample', value: samplePlot(request.request) };
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
          : { kind: 'internal', message: error instanceof Error ? error.message : String(error), offset: -1 },
    };
  }
  port.postMessage(response);
});
