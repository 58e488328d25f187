import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreCancelledError, CoreInputError, CoreTimeoutError } from '../../../src/extension/coreClient';
import type { DerivativeResult } from '../../../src/core/api';
import type { WorkerRequest } from '../../../src/shared/workerProtocol';
import { manualToken } from '../../support/cancellation';
import { fakeCoreClient } from '../../support/fakeWorker';

const setup = fakeCoreClient;


const sourceOf = (r: WorkerRequest) => ('source' in r ? r.source : r.kind);
const analysis = { freeSymbols: ['x'], plain: 'x^2', latex: 'x^{2}', engine: 'scalar' as const };

test('answers come back by id, one request at a time per worker, the worker is started once', async () => {
  const { client, workers } = setup();
  const first = client.analyze('x^2', 'plain', {}, { timeoutMs: 1000 });
  const second = client.analyze('y^2', 'plain', {}, { timeoutMs: 1000 });
  assert.equal(workers.length, 1);
  assert.equal(workers[0]!.received.length, 1, 'the second waits in the client, where it can still be dropped');
  workers[0]!.reply({ id: workers[0]!.received[0]!.id, ok: true, kind: 'analyze', value: analysis });
  const b = workers[0]!.received[1]!;
  workers[0]!.reply({ id: b.id, ok: true, kind: 'analyze', value: { ...analysis, freeSymbols: ['y'] } });
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

test('a cancelled queued request never runs, and the worker is kept', async () => {
  const { client, workers } = setup();
  const running = client.analyze('a', 'plain', {}, { timeoutMs: 5000 });
  const { token, cancel } = manualToken();
  const queued = client.analyze('b', 'plain', {}, { timeoutMs: 5000, token });
  cancel();
  await assert.rejects(queued, CoreCancelledError);
  workers[0]!.reply({ id: workers[0]!.received[0]!.id, ok: true, kind: 'analyze', value: analysis });
  assert.deepEqual(await running, analysis);
  assert.deepEqual(workers[0]!.received.map(sourceOf), ['a'], 'b was never sent');
  assert.equal(workers[0]!.terminated, false);
  assert.equal(client.pendingCount, 0);
});

test('a cancelled running request is left to finish; its worker is replaced only when other work waits', async () => {
  const { client, workers } = setup();
  const { token, cancel } = manualToken();
  const running = client.analyze('a', 'plain', {}, { timeoutMs: 5000, token });
  cancel();
  await assert.rejects(running, CoreCancelledError);
  assert.equal(workers[0]!.terminated, false, 'nothing waits: no restart');
  const next = client.analyze('b', 'plain', {}, { timeoutMs: 5000 });
  assert.equal(workers[0]!.terminated, true, 'b would wait for an answer nobody wants');
  assert.equal(workers.length, 2);
  workers[1]!.reply({ id: workers[1]!.received[0]!.id, ok: true, kind: 'analyze', value: analysis });
  assert.deepEqual(await next, analysis);
});

test('the answer of a cancelled running request is dropped and the next request goes to the same worker', async () => {
  const { client, workers } = setup();
  const { token, cancel } = manualToken();
  const running = client.analyze('a', 'plain', {}, { timeoutMs: 5000, token });
  cancel();
  await assert.rejects(running, CoreCancelledError);
  workers[0]!.reply({ id: workers[0]!.received[0]!.id, ok: true, kind: 'analyze', value: analysis });
  const next = client.analyze('b', 'plain', {}, { timeoutMs: 5000 });
  assert.equal(workers.length, 1);
  workers[0]!.reply({ id: workers[0]!.received[1]!.id, ok: true, kind: 'analyze', value: { ...analysis, plain: 'b' } });
  assert.equal((await next).plain, 'b');
});

// ──── Priorities ───────────────────────────────────────────

test('a command submitted behind six slow speculative requests answers without waiting for them', async () => {
  const { client, workers } = setup();
  const speculative = Array.from({ length: 6 }, (_, i) => client.differentiate(`partial${i}`, { dialect: 'plain' }, { timeoutMs: 5000, priority: 'speculative' }));
  const command = client.differentiate('x^2', { dialect: 'plain' }, { timeoutMs: 5000, priority: 'interactive' });
  assert.equal(workers.length, 2, 'a worker of its own for what the user asked');
  const [hovers, commands] = [workers[0]!, workers[1]!];
  assert.deepEqual(commands.received.map(sourceOf), ['x^2']);
  assert.deepEqual(hovers.received.map(sourceOf), ['partial0'], 'speculative work is sent one at a time');
  commands.reply({ id: commands.received[0]!.id, ok: true, kind: 'differentiate', value: { result: '2*x' } as DerivativeResult });
  assert.equal((await command).result, '2*x');
  assert.equal(client.pendingCount, 6, 'the speculative work is still there, untouched');
  for (let i = 0; i < 6; i++) hovers.reply({ id: hovers.received[i]!.id, ok: true, kind: 'differentiate', value: { result: `d${i}` } as DerivativeResult });
  assert.deepEqual((await Promise.all(speculative)).map((r) => r.result), ['d0', 'd1', 'd2', 'd3', 'd4', 'd5']);
  assert.equal(hovers.terminated || commands.terminated, false);
});

test('cancelled speculative work queued behind a slow one never runs; newer work goes next', async () => {
  const { client, workers } = setup();
  const slow = client.analyze('slow', 'plain', {}, { timeoutMs: 5000, priority: 'speculative' });
  const stale = manualToken();
  const superseded = Array.from({ length: 5 }, (_, i) => client.analyze(`old${i}`, 'plain', {}, { timeoutMs: 5000, priority: 'speculative', token: stale.token }));
  stale.cancel();
  for (const p of superseded) await assert.rejects(p, CoreCancelledError);
  const fresh = client.analyze('new', 'plain', {}, { timeoutMs: 5000, priority: 'speculative' });
  workers[0]!.reply({ id: workers[0]!.received[0]!.id, ok: true, kind: 'analyze', value: analysis });
  await slow;
  assert.deepEqual(workers[0]!.received.map(sourceOf), ['slow', 'new']);
  workers[0]!.reply({ id: workers[0]!.received[1]!.id, ok: true, kind: 'analyze', value: analysis });
  assert.deepEqual(await fresh, analysis);
  assert.equal(client.pendingCount, 0);
});

test('prioritize moves a queued speculative request to the interactive worker', async () => {
  const { client, workers } = setup();
  void client.analyze('busy', 'plain', {}, { timeoutMs: 5000, priority: 'speculative' }).catch(() => undefined);
  const options = { timeoutMs: 5000, priority: 'speculative' as const };
  const wanted = client.analyze('wanted', 'plain', {}, options);
  assert.equal(workers.length, 1);
  client.prioritize(options);
  assert.equal(workers.length, 2);
  assert.deepEqual(workers[1]!.received.map(sourceOf), ['wanted']);
  workers[1]!.reply({ id: workers[1]!.received[0]!.id, ok: true, kind: 'analyze', value: analysis });
  assert.deepEqual(await wanted, analysis);
  client.dispose();
});

test('a speculative request past its time limit takes down only its own worker', async () => {
  const { client, workers } = setup();
  const command = client.analyze('x', 'plain', {}, { timeoutMs: 5000 });
  const slow = client.analyze('slow', 'plain', {}, { timeoutMs: 20, priority: 'speculative' });
  await assert.rejects(slow, CoreTimeoutError);
  assert.equal(workers[0]!.terminated, false);
  assert.equal(workers[1]!.terminated, true);
  workers[0]!.reply({ id: workers[0]!.received[0]!.id, ok: true, kind: 'analyze', value: analysis });
  assert.deepEqual(await command, analysis);
});

test('an already cancelled token sends nothing', async () => {
  const { client, workers } = setup();
  const { token, cancel } = manualToken();
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
