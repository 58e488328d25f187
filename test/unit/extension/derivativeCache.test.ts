import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DerivativeResult, DifferentiateOptions, Analysis, SourceContext } from '../../../src/core/index';
import { CoreCancelledError, CoreInputError, CoreTimeoutError, type RequestOptions } from '../../../src/extension/coreClient';
import { approximateBytes, CACHE_BYTES, DerivativeCache, ENTRY_BYTES, type ExpressionSource } from '../../../src/extension/derivativeCache';
import { manualToken } from '../../support/cancellation';

function fakeCore() {
  const calls: string[] = [];
  let fail: Error | undefined;
  const core = {
    analyze: async (source: string) => {
      calls.push(`analyze ${source}`);
      if (fail) throw fail;
      return { freeSymbols: ['x'], plain: source, latex: source, engine: 'scalar' } as Analysis;
    },
    differentiate: async (source: string, options: { wrt?: string }) => {
      calls.push(`differentiate ${source} ${options.wrt}`);
      if (fail) throw fail;
      return { result: `d(${source})/d${options.wrt}` } as DerivativeResult;
    },
  };
  return { core, calls, setFail: (e: Error | undefined) => (fail = e) };
}

const document = (key: string, text: string, offset = 0) => ({ key, text: () => text, offset });
const source: ExpressionSource = { expression: 'x**2', dialect: 'python', document: document('1@1', 'y = x**2') };

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

test('the core gets the document and the offset (imports, shape annotations); the version and offset key them, the text is read only when asked', async () => {
  const received: { source: string; context: SourceContext }[] = [];
  const core = {
    analyze: async (source: string, _dialect: string, context: SourceContext) => (received.push({ source, context }), { freeSymbols: ['x'], plain: source, latex: source, engine: 'matrix' } as Analysis),
    differentiate: async (source: string, options: DifferentiateOptions) => (received.push({ source, context: { documentText: options.documentText, selectionOffset: options.selectionOffset } }), { result: 'r' } as DerivativeResult),
  };
  const cache = new DerivativeCache(core as never);
  let reads = 0;
  const text = '# x: (n,)\ny = x @ x\n';
  const at = (key: string, offset: number): ExpressionSource => ({ expression: 'x @ x', dialect: 'python', document: { key, text: () => (reads++, text), offset } });
  assert.equal((await cache.analyze(at('1@1', 14), 100)).engine, 'matrix');
  await cache.analyze(at('1@1', 14), 100);
  assert.equal(reads, 1, 'a hit does not read the document');
  assert.deepEqual(received, [{ source: 'x @ x', context: { documentText: text, selectionOffset: 14 } }]);
  await cache.analyze(at('1@2', 14), 100);
  await cache.analyze(at('1@2', 0), 100);
  await cache.differentiate(at('1@2', 0), { wrt: 'x' }, 100);
  assert.equal(received.length, 4, 'another version, another place and another question are asked again');
  assert.deepEqual(received[3]!.context, { documentText: text, selectionOffset: 0 });
});

// ──── Bounded by bytes ─────────────────────────────────────

/** A core whose derivatives have `size` characters of steps; it records the requests it got. */
function sizedCore(size: (source: string) => number) {
  const requests: { source: string; request: RequestOptions }[] = [];
  const core = {
    differentiate: async (source: string, _options: unknown, request: RequestOptions) => {
      requests.push({ source, request });
      return { result: 'r', steps: [{ text: 'x'.repeat(size(source)) }] } as unknown as DerivativeResult;
    },
    prioritize: (request: RequestOptions) => (request.priority = 'interactive'),
  };
  return { core, requests };
}
const settled = () => new Promise((r) => setImmediate(r));

test('a result larger than the per-entry cap is answered but not kept', async () => {
  const { core, requests } = sizedCore(() => ENTRY_BYTES); // two bytes a character: twice the cap
  const cache = new DerivativeCache(core as never);
  assert.equal((await cache.differentiate(source, { wrt: 'x' }, 100)).result, 'r');
  await settled();
  assert.equal(cache.size, 0);
  assert.equal(cache.bytes, 0);
  await cache.differentiate(source, { wrt: 'x' }, 100);
  assert.equal(requests.length, 2, 'asked again: it was not kept');
});

test('the results kept stay under the byte cap, least recently used dropped first', async () => {
  const { core, requests } = sizedCore(() => ENTRY_BYTES / 4); // about 2 MB each
  const cache = new DerivativeCache(core as never);
  const ask = (i: number) => cache.differentiate({ ...source, expression: `x**${i}` }, { wrt: 'x' }, 100);
  for (let i = 0; i < 40; i++) {
    await ask(i);
    await settled();
    assert.ok(cache.bytes <= CACHE_BYTES, `${cache.bytes} bytes after ${i + 1} results`);
  }
  assert.ok(cache.size >= 10 && cache.size < 20, `${cache.size} results kept`);
  await ask(39);
  assert.equal(requests.length, 40, 'the newest is kept');
  await ask(0);
  assert.equal(requests.length, 41, 'the oldest was dropped');
});

test('approximateBytes counts strings, arrays and objects, and stops at its limit', () => {
  assert.ok(approximateBytes({ a: 'x'.repeat(1000), b: ['y'.repeat(500)] }) >= 3000);
  const huge = { steps: Array.from({ length: 300 }, () => ({ latex: 'z'.repeat(400_000) })) }; // like a 1,500-character nested span
  assert.ok(approximateBytes(huge) > 200_000_000);
  assert.ok(approximateBytes(huge, ENTRY_BYTES) < ENTRY_BYTES + 1_000_000, 'stops counting soon after the limit');
});

// ──── Cancellation and priority ────────────────────────────


test('the request is cancelled when the last caller with a token stops waiting, not before', async () => {
  const requests: { request: RequestOptions }[] = [];
  const cache = new DerivativeCache({ differentiate: (_s: string, _o: unknown, request: RequestOptions) => (requests.push({ request }), new Promise(() => undefined)) } as never);
  const first = manualToken();
  const second = manualToken();
  void cache.differentiate(source, { wrt: 'x' }, 100, first.token).catch(() => undefined);
  void cache.differentiate(source, { wrt: 'x' }, 100, second.token).catch(() => undefined);
  assert.equal(requests.length, 1);
  assert.equal(requests[0]!.request.priority, 'speculative');
  first.cancel();
  assert.equal(requests[0]!.request.token!.isCancellationRequested, false, 'one hover still waits');
  second.cancel();
  assert.equal(requests[0]!.request.token!.isCancellationRequested, true, 'nobody waits: the core drops it');
  void cache.differentiate(source, { wrt: 'x' }, 100).catch(() => undefined);
  assert.equal(requests.length, 2, 'a new caller gets a new request, not the cancelled one');
});

test('a caller without a token keeps the request alive', () => {
  const requests: RequestOptions[] = [];
  const cache = new DerivativeCache({ differentiate: (_s: string, _o: unknown, r: RequestOptions) => (requests.push(r), new Promise(() => undefined)) } as never);
  const hover = manualToken();
  void cache.differentiate(source, { wrt: 'x' }, 100, hover.token).catch(() => undefined);
  void cache.differentiate(source, { wrt: 'x' }, 100);
  hover.cancel();
  assert.equal(requests[0]!.token!.isCancellationRequested, false);
});

test('an interactive caller raises a speculative request it shares', () => {
  const requests: RequestOptions[] = [];
  const cache = new DerivativeCache({
    differentiate: (_s: string, _o: unknown, r: RequestOptions) => (requests.push(r), new Promise(() => undefined)),
    prioritize: (r: RequestOptions) => (r.priority = 'interactive'),
  } as never);
  void cache.differentiate(source, { wrt: 'x' }, 100);
  assert.equal(requests[0]!.priority, 'speculative');
  void cache.differentiate(source, { wrt: 'x' }, 100, undefined, 'interactive');
  assert.equal(requests.length, 1);
  assert.equal(requests[0]!.priority, 'interactive');
});
