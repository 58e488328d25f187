// The calculus requests of the worker protocol: through the client (fake worker: routing, time limit,
// cancellation) and through the real worker thread (src/extension/worker.ts run by tsx).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CoreCancelledError, CoreClient, CoreInputError, CoreTimeoutError, type WorkerLike } from '../../../src/extension/coreClient';
import { manualToken } from '../../support/cancellation';
import { fakeCoreClient } from '../../support/fakeWorker';

const fakeClient = fakeCoreClient;

test('a calculus request carries its kind, source and options, and resolves with the value', async () => {
  const { client, workers } = fakeClient();
  const pending = client.calculus('taylor', 'sin(x)', { notation: 'plain', at: 'pi/4', order: 3 }, { timeoutMs: 1000 });
  const sent = workers[0]!.received[0]!;
  assert.equal(sent.kind, 'taylor');
  assert.ok(sent.kind === 'taylor');
  assert.equal(sent.source, 'sin(x)');
  assert.deepEqual(sent.options, { notation: 'plain', at: 'pi/4', order: 3 });
  const value = { polynomial: 'x - x^3/6' } as never;
  workers[0]!.reply({ id: sent.id, ok: true, kind: 'taylor', value });
  assert.equal(await pending, value);
  client.dispose();
});

test('a calculus request has the time limit and cancellation differentiate has', async () => {
  const { client, workers } = fakeClient();
  const slow = client.calculus('integrate', 'exp(x^2)', { notation: 'plain' }, { timeoutMs: 20 });
  await assert.rejects(slow, CoreTimeoutError);
  assert.equal(workers[0]!.terminated, true, 'a runaway integral takes its worker down');
  const { token, cancel } = manualToken();
  const cancelled = client.calculus('critical', 'x^3 - 3*x', { notation: 'plain' }, { timeoutMs: 5000, token });
  cancel();
  await assert.rejects(cancelled, CoreCancelledError);
  client.dispose();
});

/** The real worker, its TypeScript loaded through tsx's require hook in the thread. */
function realClient(): CoreClient {
  const path = resolve(__dirname, '../../../src/extension/worker.ts');
  const script = `require('tsx/cjs'); require(${JSON.stringify(path)});`;
  return new CoreClient(() => new Worker(script, { eval: true }) as unknown as WorkerLike);
}

test('the worker answers each calculus kind with the core\'s result, printed as the core prints it', { timeout: 60_000 }, async () => {
  const client = realClient();
  const request = { timeoutMs: 30_000 };
  try {
    const line = await client.calculus('tangent', 'x^3 - 3*x', { notation: 'plain', at: 2 }, request);
    assert.equal(line.result, 'y = 9*x - 16');
    assert.equal(line.verified, true);
    const series = await client.calculus('taylor', 'sin(x)', { notation: 'python', order: 5 }, request);
    assert.equal(series.polynomial, 'x - x**3/6 + x**5/120');
    const curve = await client.calculus('implicit', 'x^2 + y^2 = 1', { notation: 'plain' }, request);
    assert.equal(curve.plain, '-x/y');
    const integral = await client.calculus('integrate', 'x*cos(x)', { notation: 'plain' }, request);
    assert.equal(integral.found, true);
    assert.equal(integral.plain, 'x*sin(x) + cos(x)');
    const critical = await client.calculus('critical', 'x^3 - 3*x', { notation: 'plain' }, request);
    assert.deepEqual(critical.points.map((p) => [p.x.plain, p.kind]), [['-1', 'maximum'], ['1', 'minimum']]);
    await assert.rejects(client.calculus('tangent', 'log(x)', { notation: 'plain', at: -1 }, request), (error: unknown) => error instanceof CoreInputError && /not defined at x = -1/.test(error.message));
  } finally {
    client.dispose();
  }
});
