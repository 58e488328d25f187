import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MathRenderer, type RenderWorkerLike } from '../../../src/extension/render/mathRenderer';
import type { RenderRequest, RenderResponse } from '../../../src/shared/renderProtocol';
import { texToSvg } from '../../../src/extension/render/tex2svg';
import { FakeWorker as SharedFakeWorker } from '../../support/fakeWorker';

/** A worker that renders with the real MathJax when the test says so (or at once with `auto`). */
class FakeWorker extends SharedFakeWorker<RenderRequest, RenderResponse> implements RenderWorkerLike {
  constructor(private readonly auto: boolean) {
    super();
  }
  override postMessage(message: RenderRequest): void {
    super.postMessage(message);
    if (this.auto) queueMicrotask(() => this.answer(message));
  }
  answer(request: RenderRequest): void {
    let response: RenderResponse;
    try {
      response = { id: request.id, ok: true, ...texToSvg(request) };
    } catch (error) {
      response = { id: request.id, ok: false, message: (error as Error).message };
    }
    this.reply(response);
  }
}

const style = { color: '#cccccc', exPx: 7 };

test('MathJax draws TeX as a standalone SVG in the colour asked, sized in pixels', () => {
  const { svg, widthPx, heightPx } = texToSvg({ latex: '\\frac{d}{dx}\\left(x^{2}\\right) = 2 x', ...style });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="[\d.]+px" height="[\d.]+px"/);
  assert.doesNotMatch(svg, /currentColor/);
  assert.match(svg, /fill="#cccccc"/);
  assert.match(svg, /<defs>.*<path id=/s, 'glyphs carried in the image itself');
  assert.ok(widthPx > 40 && heightPx > 10, `${widthPx}×${heightPx}`);
  assert.throws(() => texToSvg({ latex: '\\nosuchmacro{x}', ...style }), /Undefined control sequence/);
});

test('a data:image/svg+xml;base64 URI; cached by TeX, colour and size', async () => {
  const workers: FakeWorker[] = [];
  const renderer = new MathRenderer(() => (workers.push(new FakeWorker(true)), workers.at(-1)!));
  const image = await renderer.render('x^2', style, 1000);
  assert.ok(image);
  assert.match(image.uri, /^data:image\/svg\+xml;base64,/);
  assert.match(Buffer.from(image.uri.split(',')[1]!, 'base64').toString(), /^<svg/);
  await renderer.render('x^2', style, 1000);
  assert.equal(workers[0]!.received.length, 1, 'the second render comes from the cache');
  await renderer.render('x^2', { ...style, color: '#000000' }, 1000);
  assert.equal(workers[0]!.received.length, 2, 'another colour is another image');
  renderer.dispose();
});

test('a TeX error gives undefined (the hover shows code), and is not retried', async () => {
  const workers: FakeWorker[] = [];
  const renderer = new MathRenderer(() => (workers.push(new FakeWorker(true)), workers.at(-1)!));
  assert.equal(await renderer.render('\\frac{1}{', style, 1000), undefined);
  assert.equal(await renderer.render('\\frac{1}{', style, 1000), undefined);
  assert.equal(workers[0]!.received.length, 1);
  assert.equal(renderer.stats.failed, 1);
  renderer.dispose();
});

test('a slow render: the caller gets undefined at its time limit, the image lands in the cache later', async () => {
  const worker = new FakeWorker(false);
  const renderer = new MathRenderer(() => worker);
  const started = performance.now();
  assert.equal(await renderer.render('y^3', style, 30), undefined);
  assert.ok(performance.now() - started < 500);
  worker.answer(worker.received[0]!);
  const later = await renderer.render('y^3', style, 0);
  assert.ok(later, 'cached once the worker answered');
  renderer.dispose();
});

test('colours other than hex are refused; overlong TeX is not rendered', async () => {
  const worker = new FakeWorker(true);
  const renderer = new MathRenderer(() => worker);
  assert.equal(await renderer.render('x', { ...style, color: 'red" onload="x' }, 100), undefined);
  assert.equal(await renderer.render('x+'.repeat(2000), style, 100), undefined);
  assert.equal(worker.received.length, 0);
  renderer.dispose();
});

test('a worker that dies fails its renders and a fresh one starts on the next request', async () => {
  const workers: FakeWorker[] = [];
  const renderer = new MathRenderer(() => (workers.push(new FakeWorker(false)), workers.at(-1)!));
  const pending = renderer.render('z', style, 5000);
  workers[0]!.exit(1);
  assert.equal(await pending, undefined);
  assert.equal(workers[0]!.terminated, true);
  const again = renderer.render('z', style, 5000);
  assert.equal(workers.length, 2, 'retried in a new worker (the failure was not the formula’s)');
  workers[1]!.answer(workers[1]!.received[0]!);
  assert.ok(await again);
  renderer.dispose();
});
