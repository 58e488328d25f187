import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analysis, DerivativeResult } from '../../../src/core/api';
import { CoreCancelledError, CoreInputError, CoreTimeoutError } from '../../../src/extension/coreClient';
import { DerivativeCache, documentContext } from '../../../src/extension/derivativeCache';

function fakeCore() {
  const calls: string[] = [];
  let fail: Error | undefined;
  const core = {
    analyze: async (source: string) => {
      calls.push(`analyze ${source}`);
      if (fail) throw fail;
      return { freeSymbols: ['x'], plain: source, latex: source } as Analysis;
    },
    differentiate: async (source: string, options: { wrt?: string }) => {
      calls.push(`differentiate ${source} ${options.wrt}`);
      if (fail) throw fail;
      return { result: `d(${source})/d${options.wrt}` } as DerivativeResult;
    },
  };
  return { core, calls, setFail: (e: Error | undefined) => (fail = e) };
}

const source = { expression: 'x**2', dialect: 'python' as const, context: '' };

test('the same question is asked of the core once', async () => {
  const { core, calls } = fakeCore();
  const cache = new DerivativeCache(core as never);
  await Promise.all([cache.analyze(source, 100), cache.analyze(source, 100)]);
  await cache.differentiate(source, { wrt: 'x' }, 100);
  await cache.differentiate(source, { wrt: 'x' }, 100);
  await cache.differentiate(source, { wrt: 'y' }, 100);
  assert.deepEqual(calls, ['analyze x**2', 'differentiate x**2 x', 'differentiate x**2 y']);
});

test('bad input is remembered; a timeout is asked again', async () => {
  const { core, calls, setFail } = fakeCore();
  const cache = new DerivativeCache(core as never);
  setFail(new CoreInputError('bad', 1));
  await assert.rejects(cache.analyze(source, 100), CoreInputError);
  await assert.rejects(cache.analyze(source, 100), CoreInputError);
  assert.equal(calls.length, 1);
  setFail(new CoreTimeoutError(100));
  await assert.rejects(cache.differentiate(source, {}, 100), CoreTimeoutError);
  await new Promise((r) => setImmediate(r));
  setFail(undefined);
  assert.equal((await cache.differentiate(source, {}, 100)).result, 'd(x**2)/dundefined');
});

test('a cancelled caller stops waiting; the answer is still cached for the next', async () => {
  const { core, calls } = fakeCore();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const slow = { ...core, differentiate: async (s: string, o: { wrt?: string }) => (await gate, core.differentiate(s, o)) };
  const cache = new DerivativeCache(slow as never);
  let fire!: () => void;
  const token = {
    isCancellationRequested: false,
    onCancellationRequested(listener: () => void) {
      fire = () => ((token.isCancellationRequested = true), listener());
      return { dispose() {} };
    },
  };
  const waiting = cache.differentiate(source, { wrt: 'x' }, 100, token);
  fire();
  await assert.rejects(waiting, CoreCancelledError);
  release();
  assert.equal((await cache.differentiate(source, { wrt: 'x' }, 100)).result, 'd(x**2)/dx');
  assert.equal(calls.length, 1);
});

test('the document context of Python is its numpy/math imports', () => {
  const text = 'import numpy as xp\nfrom math import sin, cos\nimport os\n\ndef f(x):\n    return xp.sin(x)\n';
  assert.equal(documentContext(text, 'python'), 'import numpy as xp\nfrom math import sin, cos');
  assert.equal(documentContext(text, 'javascript'), '');
});
