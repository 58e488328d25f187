// A worker for the host's worker clients (the core's CoreClient, the MathRenderer) that answers only
// when the test says so, one request at a time like the real ones.
import { CoreClient } from '../../src/extension/coreClient';
import type { WorkerRequest, WorkerResponse } from '../../src/shared/workerProtocol';

/** A worker that answers only when the test says so, one request at a time like the real one. */
export class FakeWorker<Request = WorkerRequest, Response = WorkerResponse> {
  readonly received: Request[] = [];
  terminated = false;
  private readonly listeners: Record<string, ((value: never) => void)[]> = {};
  postMessage(message: Request): void {
    this.received.push(message);
  }
  on(event: string, listener: (value: never) => void): this {
    (this.listeners[event] ??= []).push(listener);
    return this;
  }
  terminate(): Promise<number> {
    this.terminated = true;
    return Promise.resolve(1);
  }
  reply(response: Response): void {
    this.emit('message', response);
  }
  crash(error: Error): void {
    this.emit('error', error);
  }
  exit(code: number): void {
    this.emit('exit', code);
  }
  private emit(event: string, value: unknown): void {
    for (const listener of this.listeners[event] ?? []) listener(value as never);
  }
}

/** A CoreClient whose workers are FakeWorkers, each kept in `workers` as the client starts it. */
export function fakeCoreClient(): { client: CoreClient; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const client = new CoreClient(() => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker;
  });
  return { client, workers };
}
