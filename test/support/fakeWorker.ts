// A worker for CoreClient tests that answers only when the test says so (one request at a time,
// like the real one), shared by the client's and the calculus requests' tests.
import { CoreClient, type WorkerLike } from '../../src/extension/coreClient';
import type { WorkerRequest, WorkerResponse } from '../../src/shared/workerProtocol';

/** A worker that answers only when the test says so, one request at a time like the real one. */
export class FakeWorker implements WorkerLike {
  readonly received: WorkerRequest[] = [];
  terminated = false;
  private readonly listeners: Record<string, ((value: never) => void)[]> = {};
  postMessage(message: WorkerRequest): void {
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
  reply(response: WorkerResponse): void {
    for (const listener of this.listeners.message ?? []) listener(response as never);
  }
  crash(error: Error): void {
    for (const listener of this.listeners.error ?? []) listener(error as never);
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
