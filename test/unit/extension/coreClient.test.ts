import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreCancelledError, CoreClient, CoreInputError, CoreTimeoutError, type WorkerLike } from '../../../src/extension/coreClient';
import type { WorkerRequest, WorkerResponse } from '../../../src/extension/protocol';

/** A worker that answers only when the test says so, one request at a time like the real one. */
class FakeWorker implements WorkerLike {
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

function setup() {
  const workers: FakeWorker[] = [];
  const client = new CoreClient(() => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker;
  });
  return { client, workers };
}

/** A cancellation token the test fires by hand. */
function tokenSource() {
  const listeners: (() => unknown)[] = [];
  const token = {
    isCancellationRequested: false,
    onCancellationRequested(listener: () => unknown) {
      listeners.push(listener);
      return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
    },
  };
  return { token, cancel: () => ((token.isCancellationRequested = true), [...listeners].forEach((l) => l())) };
}

const analysis = { freeSymbols: ['x'], plain: 'x^2', latex: 'x^{2}' };

test('answers come back by id, the worker is started once', async () => {
  const { client, workers } = setup();
  const first = client.analyze('x^2', 'plain', {}, { timeoutMs: 1000 });
  const second = client.analyze('y^2', 'plain', {}, { timeoutMs: 1000 });
  assert.equal(workers.length, 1);
  const [a, b] = workers[0]!.received;
  workers[0]!.reply({ id: b!.id, ok: true, kind: 'analyze', value: { ...analysis, freeSymbols: ['y'] } });
  workers[0]!.reply({ id: a!.id, ok: true, kind: 'analyze', value: analysis });
  assert.deepEqual((await first).freeSymbols, ['x']);
  assert.deepEqual((await second).freeSymbols, ['y']);
  assert.equal(client.pendingCount, 0);
});

test('an InputError keeps its offset', async () => {
  const { client, workers } = setup();
  const pending = client.analyze('x^', 'plain', {}, { timeoutMs: 1000 });
  workers[0]!.reply({ id: workers[0]!.received[0]!.id, ok: false, error: { kind: 'input', message: 'expected an operand (column 3)', offset: 2 } });
  await assert.rejects(pending, (error: unknown) => error instanceof CoreInputError && error.offset === 2 && /column 3/.test(error.message));
});

test('a request past its time limit terminates the busy worker; queued requests move to a new one', async () => {
  const { client, workers } = setup();
  const slow = client.differentiate('slow', { dialect: 'plain' }, { timeoutMs: 20 });
  const queued = client.analyze('x^2', 'plain', {}, { timeoutMs: 5000 });
  await assert.rejects(slow, CoreTimeoutError);
  assert.equal(workers[0]!.terminated, true);
  assert.equal(workers.length, 2);
  const resent = workers[1]!.received;
  assert.deepEqual(resent.map((r) => ('source' in r ? r.source : r.kind)), ['x^2']);
  workers[1]!.reply({ id: resent[0]!.id, ok: true, kind: 'analyze', value: analysis });
  assert.deepEqual(await queued, analysis);
  client.dispose();
});

test('cancelling a queued request ignores its answer without killing the worker', async () => {
  const { client, workers } = setup();
  const running = client.analyze('a', 'plain', {}, { timeoutMs: 5000 });
  const { token, cancel } = tokenSource();
  const queued = client.analyze('b', 'plain', {}, { timeoutMs: 5000, token });
  cancel();
  await assert.rejects(queued, CoreCancelledError);
  assert.equal(workers[0]!.terminated, false);
  const [a, b] = workers[0]!.received;
  workers[0]!.reply({ id: a!.id, ok: true, kind: 'analyze', value: analysis });
  workers[0]!.reply({ id: b!.id, ok: true, kind: 'analyze', value: analysis }); // dropped
  assert.deepEqual(await running, analysis);
  assert.equal(client.pendingCount, 0);
});

test('cancelling the running request terminates the worker', async () => {
  const { client, workers } = setup();
  const { token, cancel } = tokenSource();
  const running = client.analyze('a', 'plain', {}, { timeoutMs: 5000, token });
  cancel();
  await assert.rejects(running, CoreCancelledError);
  assert.equal(workers[0]!.terminated, true);
});

test('an already cancelled token sends nothing', async () => {
  const { client, workers } = setup();
  const { token, cancel } = tokenSource();
  cancel();
  await assert.rejects(client.analyze('a', 'plain', {}, { timeoutMs: 5000, token }), CoreCancelledError);
  assert.equal(workers.length, 0);
});

test('a crashed worker fails its requests and the next request starts a new one', async () => {
  const { client, workers } = setup();
  const pending = client.analyze('a', 'plain', {}, { timeoutMs: 5000 });
  workers[0]!.crash(new Error('boom'));
  await assert.rejects(pending, /boom/);
  const next = client.analyze('b', 'plain', {}, { timeoutMs: 5000 });
  assert.equal(workers.length, 2);
  workers[1]!.reply({ id: workers[1]!.received[0]!.id, ok: true, kind: 'analyze', value: analysis });
  assert.deepEqual(await next, analysis);
});

test('dispose cancels everything', async () => {
  const { client, workers } = setup();
  const pending = client.analyze('a', 'plain', {}, { timeoutMs: 5000 });
  client.dispose();
  await assert.rejects(pending, CoreCancelledError);
  assert.equal(workers[0]!.terminated, true);
  await assert.rejects(client.analyze('b', 'plain', {}, { timeoutMs: 5000 }), CoreCancelledError);
});
