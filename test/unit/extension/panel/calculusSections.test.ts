// The explanation panel's calculus sections on the host's side (issue 14): the command's operation
// argument, the core's results as the sections show them (computed here by the real core), the
// requests' life (a newer one cancels the older, errors become the section's message, a new
// selection cancels everything), what Copy and Insert write (the commands' answer, line for line),
// and the messages' validation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { criticalPoints, DEFAULT_INTERVAL, implicit, MAX_TAYLOR_ORDER, tangent, taylor } from '../../../../src/core/index';
import { integrate } from '../../../../src/core/calculus/integrate';
import { answerBelow, implicitAnswer, integralAnswer, tangentAnswer, taylorAnswer, type CalculusAnswer } from '../../../../src/extension/calculusText';
import { CoreCancelledError, CoreInputError, CoreTimeoutError, type RequestOptions } from '../../../../src/extension/coreClient';
import type { InsertionStyle } from '../../../../src/extension/dialect';
import {
  CalculusSections,
  criticalView,
  implicitView,
  integralView,
  readOperation,
  scalarOffer,
  tangentView,
  taylorView,
  type CalculusCore,
  type CalculusSubject,
} from '../../../../src/extension/panel/calculusModel';
import {
  isCalculusView,
  PANEL_DEFAULT_INTERVAL,
  PANEL_MAX_TAYLOR_ORDER,
  type CalculusRequest,
  type CalculusToWebview,
  type EquationModel,
  type WritableSection,
} from '../../../../src/shared/calculusMessages';
import { isPanelModel, parseFromWebview, parseToWebview } from '../../../../src/shared/panelMessages';
import { ENGLISH_WORDS } from '../../../support/answerWords';

test('the command opens a section: { operation, at, order, from, to } read, anything malformed ignored', () => {
  assert.deepEqual(readOperation({ operation: 'taylor', at: 0, order: 7 }), { section: 'taylor', at: '0', order: 7 });
  assert.deepEqual(readOperation({ operation: 'taylor' }), { section: 'taylor', at: '0', order: 5 });
  assert.deepEqual(readOperation({ operation: 'tangent', at: 'pi/4' }), { section: 'tangent', at: 'pi/4' });
  assert.deepEqual(readOperation({ operation: 'integrate', from: 0, to: 'pi' }), { section: 'integral', from: '0', to: 'pi' });
  assert.deepEqual(readOperation({ operation: 'critical' }), { section: 'critical' });
  assert.deepEqual(readOperation({ operation: 'implicit' }), { section: 'implicit' });
  assert.equal(readOperation({ operation: 'diff' }), undefined);
  assert.equal(readOperation(undefined), undefined);
  assert.equal(readOperation({ uri: 'file:///a.py' }), undefined, 'a plain explanation opens no section');
  // a bad point or order falls back to the default rather than reaching the core
  assert.deepEqual(readOperation({ operation: 'tangent', at: '<img src=x>' }), { section: 'tangent', at: '0' });
  assert.deepEqual(readOperation({ operation: 'taylor', order: 99 }), { section: 'taylor', at: '0', order: 5 });
  assert.deepEqual(readOperation({ operation: 'tangent', at: Number.NaN }), { section: 'tangent', at: '0' });
});

test('a one-variable expression offers four sections; the opening section only when offered', () => {
  assert.deepEqual(scalarOffer('x', undefined), { sections: ['tangent', 'taylor', 'integral', 'critical'], wrt: 'x' });
  assert.deepEqual(scalarOffer('t', { section: 'tangent', at: '1' }).open, { section: 'tangent', at: '1' });
  assert.equal(scalarOffer('x', { section: 'implicit' }).open, undefined, 'an expression is no equation');
});

test('the panel limits are the core\'s', () => {
  assert.equal(PANEL_MAX_TAYLOR_ORDER, MAX_TAYLOR_ORDER);
  assert.deepEqual(PANEL_DEFAULT_INTERVAL, DEFAULT_INTERVAL);
});

test('core results as the sections show them: exact tangent, Taylor coefficients, + C in the rendering only, critical points, implicit', () => {
  const t = tangentView(tangent('x^3 - 3*x', { notation: 'plain', at: 2 }));
  assert.equal(t.code, 'y = 9*x - 16');
  assert.equal(t.equationLatex, 'y = 9 x - 16');
  assert.deepEqual(t.point, { x: { latex: '2', exact: true, value: 2 }, y: { latex: '2', exact: true, value: 2 } });
  assert.deepEqual(t.slope, { latex: '9', exact: true, value: 9 });
  assert.equal(t.check.verified, true);
  assert.ok(isCalculusView(t));

  const p = taylorView(taylor('np.sin(x)', { notation: 'python', at: 0, order: 5 }));
  assert.equal(p.code, 'x - x**3/6 + x**5/120  # + O(x**6)', 'Python keeps the remainder as a comment');
  assert.match(p.latex, /O\(x\^\{6\}\)$/);
  assert.deepEqual(p.coefficients, [0, 1, 0, -1 / 6, 0, 1 / 120]);
  assert.ok(isCalculusView(p));

  const i = integralView(integrate('x^2*sin(x)', { notation: 'plain', from: 0, to: 'pi' }));
  assert.equal(i.antiderivative?.code, 'cos(x)*(2 - x^2) + 2*x*sin(x)', 'no + C in what is written');
  assert.match(i.antiderivative!.latex, /^\\int x\^\{2\} \\sin\(x\) \\, dx = .* \+ C$/);
  assert.equal(i.definite?.exact?.latex, '\\pi^{2} - 4');
  assert.ok(Math.abs(i.definite!.value! - (Math.PI ** 2 - 4)) < 1e-9);
  assert.ok(isCalculusView(i));
  // a sum between \int and dx is bracketed
  assert.match(integralView(integrate('x^2 + 1', { notation: 'plain' })).antiderivative!.latex, /^\\int \(x\^\{2\} \+ 1\) \\, dx = /);
  const none = integralView(integrate('sin(x)/x', { notation: 'plain' }));
  assert.equal(none.antiderivative, undefined);
  assert.match(none.notFound!, /^no antiderivative found/);
  assert.equal(none.check.verified, false);

  const c = criticalView(criticalPoints('x^3 - 3*x', { notation: 'plain' }));
  assert.deepEqual(c.points.map((q) => [q.x.latex, q.y.latex, q.kind]), [['-1', '2', 'maximum'], ['1', '-2', 'minimum']]);
  assert.ok(isCalculusView(c));

  const m = implicitView(implicit('x^2 + y^2 = 1', { notation: 'plain', order: 2 }));
  assert.equal(m.first.code, '-x/y');
  assert.equal(m.second?.code, '-x^2/y^3 - 1/y');
  assert.ok(isCalculusView(m));
});

/** A core that answers when told to; records every request and its cancellation. */
function fakeCore() {
  const calls: { kind: string; source: string; options: Record<string, unknown>; request: RequestOptions; settle: (value: unknown, error?: unknown) => void }[] = [];
  const core = {
    calculus(kind: string, source: string, options: Record<string, unknown>, request: RequestOptions) {
      return new Promise((resolve, reject) => {
        request.token?.onCancellationRequested(() => reject(new CoreCancelledError()));
        calls.push({ kind, source, options, request, settle: (value, error) => (error ? reject(error) : resolve(value)) });
      });
    },
  } as unknown as CalculusCore;
  return { core, calls };
}

const SUBJECT: CalculusSubject = { source: 'x^3 - 3*x', dialect: 'plain', style: 'plain', wrt: 'x', budgetMs: 2000, timeoutMs: 7000 };
const WORDS = ENGLISH_WORDS;
const MESSAGES = { timedOut: (s: number) => `took over ${s} s`, failed: (m: string) => `failed: ${m}`, words: WORDS };

test('a section computes in the core with the selection and its controls; the answer is posted and kept for Copy and Insert', async () => {
  const { core, calls } = fakeCore();
  const posted: CalculusToWebview[] = [];
  const sections = new CalculusSections(core, (m) => posted.push(m), MESSAGES);
  sections.setSubject(SUBJECT);
  const done = sections.request(1, { section: 'tangent', at: '2' });
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.kind, 'tangent');
  assert.equal(calls[0]!.source, 'x^3 - 3*x');
  assert.deepEqual(calls[0]!.options, { notation: 'plain', budgetMs: 2000, wrt: 'x', at: '2' });
  assert.equal(calls[0]!.request.timeoutMs, 7000);
  assert.deepEqual(sections.busy, ['tangent']);
  calls[0]!.settle(tangent('x^3 - 3*x', { notation: 'plain', at: 2 }));
  await done;
  assert.equal(posted.length, 1);
  const message = posted[0]!;
  assert.ok(message.type === 'calculus' && message.requestId === 1 && message.outcome.ok && message.outcome.view.section === 'tangent');
  assert.equal(sections.textFor('tangent'), 'y = 9*x - 16');
  assert.deepEqual(sections.busy, []);
  // the message crosses to the webview and is accepted there
  assert.deepEqual(parseToWebview(JSON.parse(JSON.stringify(message))), message);
});

test('a newer request for a section cancels the older; other sections run on; a closed section stops', async () => {
  const { core, calls } = fakeCore();
  const posted: CalculusToWebview[] = [];
  const sections = new CalculusSections(core, (m) => posted.push(m), MESSAGES);
  sections.setSubject(SUBJECT);
  const first = sections.request(1, { section: 'taylor', at: '0', order: 3 });
  const critical = sections.request(2, { section: 'critical' });
  const second = sections.request(3, { section: 'taylor', at: '1', order: 3 });
  assert.equal(calls[0]!.request.token?.isCancellationRequested, true, 'the first Taylor request was cancelled');
  assert.equal(calls[1]!.request.token?.isCancellationRequested, false);
  calls[2]!.settle(taylor('x^3 - 3*x', { notation: 'plain', at: 1, order: 3 }));
  await Promise.all([first, second]);
  assert.deepEqual(posted.map((m) => m.type === 'calculus' && m.requestId), [3], 'only the newest answer is posted');
  sections.close('critical');
  await critical;
  assert.equal(calls[1]!.request.token?.isCancellationRequested, true);
  assert.equal(posted.length, 1, 'a cancelled section posts nothing');
});

test('refusals and time-outs become the section\'s message; a new selection cancels and forgets', async () => {
  const { core, calls } = fakeCore();
  const posted: CalculusToWebview[] = [];
  const sections = new CalculusSections(core, (m) => posted.push(m), MESSAGES);
  sections.setSubject(SUBJECT);
  const refused = sections.request(1, { section: 'tangent', at: '0' });
  calls[0]!.settle(undefined, new CoreInputError('f is not defined at x = 0 (column 3)', 2));
  await refused;
  assert.deepEqual(posted.pop(), { type: 'calculus', requestId: 1, outcome: { ok: false, section: 'tangent', message: 'f is not defined at x = 0' } });
  assert.equal(sections.textFor('tangent'), undefined, 'nothing to insert after a refusal');

  const slow = sections.request(2, { section: 'integral' });
  calls[1]!.settle(undefined, new CoreTimeoutError(7000));
  await slow;
  assert.deepEqual(posted.pop(), { type: 'calculus', requestId: 2, outcome: { ok: false, section: 'integral', message: 'took over 7 s' } });

  const oneBound = sections.request(3, { section: 'integral', from: '0' });
  await oneBound;
  assert.equal(calls.length, 2, 'one bound never reaches the core');
  assert.match(JSON.stringify(posted.pop()), /both bounds/);

  const pending = sections.request(4, { section: 'critical' });
  sections.setSubject({ ...SUBJECT, source: 'sin(x)' });
  await pending;
  assert.equal(calls[2]!.request.token?.isCancellationRequested, true);
  assert.equal(posted.length, 0);
  sections.setSubject(undefined);
  await sections.request(5, { section: 'tangent', at: '1' });
  assert.equal(calls.length, 3, 'without a selection nothing is computed');
  assert.equal(posted.pop()?.type, 'calculus');
});

test('calculus messages are validated: requests with their own fields only, points that are plain math, orders in range', () => {
  assert.deepEqual(parseFromWebview({ type: 'calculus', requestId: 4, request: { section: 'taylor', at: ' pi/4 ', order: 6, extra: 1 } }), { type: 'calculus', requestId: 4, request: { section: 'taylor', at: 'pi/4', order: 6 } });
  assert.deepEqual(parseFromWebview({ type: 'calculus', requestId: 1, request: { section: 'integral', from: '', to: '' } }), { type: 'calculus', requestId: 1, request: { section: 'integral' } });
  assert.deepEqual(parseFromWebview({ type: 'calculusInsert', section: 'tangent' }), { type: 'calculusInsert', section: 'tangent' });
  assert.deepEqual(parseFromWebview({ type: 'calculusClose', section: 'critical' }), { type: 'calculusClose', section: 'critical' });
  for (const bad of [
    { type: 'calculus', requestId: 1, request: { section: 'tangent', at: '' } },
    { type: 'calculus', requestId: 1, request: { section: 'tangent', at: 'x); alert(1' } },
    { type: 'calculus', requestId: 1, request: { section: 'tangent', at: '1'.repeat(65) } },
    { type: 'calculus', requestId: 1, request: { section: 'taylor', at: '0', order: PANEL_MAX_TAYLOR_ORDER + 1 } },
    { type: 'calculus', requestId: 1, request: { section: 'taylor', at: '0', order: 2.5 } },
    { type: 'calculus', requestId: -1, request: { section: 'implicit' } },
    { type: 'calculus', requestId: 1, request: { section: 'limit' } },
    { type: 'calculusCopy', section: 'critical' },
    { type: 'calculusShown', shown: { section: 'tangent', requestId: 1, ok: 'yes', text: '' } },
  ]) {
    assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
  }
  assert.equal(parseToWebview({ type: 'calculus', requestId: 1, outcome: { ok: true, view: { section: 'tangent', code: 'y = 1' } } }), undefined, 'an incomplete view');
  assert.equal(parseToWebview({ type: 'calculusPress', section: 'tangent', button: 'delete' }), undefined);
});

test('models: a scalar model with its calculus offer, an equation model with its implicit derivative', () => {
  const equation: EquationModel = {
    kind: 'equation',
    source: 'x^2 + y^2 = 1',
    dialectLabel: 'plain math',
    documentName: 'a.txt',
    implicit: implicitView(implicit('x^2 + y^2 = 1', { notation: 'plain', order: 2 })),
    calculus: { sections: ['implicit'], wrt: 'x' },
    canInsert: true,
  };
  assert.ok(isPanelModel(JSON.parse(JSON.stringify(equation))));
  assert.equal(isPanelModel({ ...equation, implicit: tangentView(tangent('x^2', { notation: 'plain', at: 1 })) }), false, 'an equation shows an implicit derivative');
  assert.equal(isPanelModel({ ...equation, calculus: { sections: ['series'], wrt: 'x' } }), false);
});

/** The line written below `selected` in the one-line document `line` (the commands' placement, which the panel's Insert uses). */
function below(answer: CalculusAnswer, style: InsertionStyle, line: string, selected: string): string {
  const start = line.indexOf(selected);
  return answerBelow(answer, { style, lines: [line], start: { line: 0, character: start }, end: { line: 0, character: start + selected.length } }).text;
}

/** The answer a section keeps after the core returned `result` for the subject. */
async function sectionAnswer(subject: CalculusSubject, request: CalculusRequest, result: unknown): Promise<{ answer: CalculusAnswer | undefined; copied: string | undefined }> {
  const { core, calls } = fakeCore();
  const sections = new CalculusSections(core, () => undefined, MESSAGES);
  sections.setSubject(subject);
  const done = sections.request(1, request);
  calls[0]!.settle(result);
  await done;
  const section = request.section as WritableSection;
  return { answer: sections.answerFor(section), copied: sections.textFor(section) };
}

test('the panel\'s Insert writes what the command writes: tangent, Taylor, integral and implicit in Python, LaTeX and plain text', { timeout: 60_000 }, async () => {
  const cases: { style: 'python' | 'latex' | 'plain'; line: string; selected: string; request: CalculusRequest; result: () => unknown; command: (result: never) => CalculusAnswer | undefined; written: string }[] = [
    { style: 'python', line: '    f = x**3 - 3*x', selected: 'x**3 - 3*x', request: { section: 'tangent', at: '2' }, result: () => tangent('x**3 - 3*x', { notation: 'python', at: 2 }), command: (r) => tangentAnswer(r, 'python', WORDS), written: '    f_tangent = 9*x - 16' },
    { style: 'python', line: 'y = np.sin(x)', selected: 'np.sin(x)', request: { section: 'taylor', at: '0', order: 5 }, result: () => taylor('np.sin(x)', { notation: 'python', at: 0, order: 5 }), command: (r) => taylorAnswer(r, 'python', WORDS), written: 'y_taylor = x - x**3/6 + x**5/120  # + O(x**6)' },
    { style: 'python', line: 'plot(x*np.cos(x))', selected: 'x*np.cos(x)', request: { section: 'integral' }, result: () => integrate('x*np.cos(x)', { notation: 'python' }), command: (r) => integralAnswer(r, 'python', WORDS), written: '# antiderivative: x*np.sin(x) + np.cos(x) + C' },
    { style: 'python', line: 'x**2 + y**2 == 1', selected: 'x**2 + y**2 == 1', request: { section: 'implicit' }, result: () => implicit('x**2 + y**2 == 1', { notation: 'python', order: 2 }), command: (r) => implicitAnswer(r, 'python'), written: 'dy_dx = -x/y' },
    { style: 'latex', line: 'The curve $x^3 - 3x$.', selected: 'x^3 - 3x', request: { section: 'tangent', at: '2' }, result: () => tangent('x^3 - 3x', { notation: 'latex', at: 2 }), command: (r) => tangentAnswer(r, 'latex', WORDS), written: '\\[ y = 9 x - 16 \\]' },
    { style: 'latex', line: '$e^{x}$', selected: 'e^{x}', request: { section: 'taylor', at: '0', order: 2 }, result: () => taylor('e^{x}', { notation: 'latex', at: 0, order: 2 }), command: (r) => taylorAnswer(r, 'latex', WORDS), written: '\\[ e^{x} = 1 + x + \\frac{x^{2}}{2} + O(x^{3}) \\]' },
    { style: 'latex', line: '$x^2$', selected: 'x^2', request: { section: 'integral', from: '0', to: '1' }, result: () => integrate('x^2', { notation: 'latex', from: 0, to: 1 }), command: (r) => integralAnswer(r, 'latex', WORDS), written: '\\[ \\int_{0}^{1} x^{2} \\, dx = \\frac{1}{3} \\]' },
    { style: 'latex', line: '$x^2 + y^2 = 1$', selected: 'x^2 + y^2 = 1', request: { section: 'implicit' }, result: () => implicit('x^2 + y^2 = 1', { notation: 'latex', order: 2 }), command: (r) => implicitAnswer(r, 'latex'), written: '\\[ \\frac{dy}{dx} = -\\frac{x}{y} \\]' },
    { style: 'plain', line: 'x^3 - 3*x', selected: 'x^3 - 3*x', request: { section: 'tangent', at: '2' }, result: () => tangent('x^3 - 3*x', { notation: 'plain', at: 2 }), command: (r) => tangentAnswer(r, 'plain', WORDS), written: 'y = 9*x - 16' },
    { style: 'plain', line: 'exp(x)', selected: 'exp(x)', request: { section: 'taylor', at: '0', order: 3 }, result: () => taylor('exp(x)', { notation: 'plain', at: 0, order: 3 }), command: (r) => taylorAnswer(r, 'plain', WORDS), written: 'exp(x) = 1 + x + x^2/2 + x^3/6 + O(x^4)' },
    { style: 'plain', line: 'x^2*sin(x)', selected: 'x^2*sin(x)', request: { section: 'integral' }, result: () => integrate('x^2*sin(x)', { notation: 'plain' }), command: (r) => integralAnswer(r, 'plain', WORDS), written: 'integrate(x^2*sin(x), x) = cos(x)*(2 - x^2) + 2*x*sin(x) + C' },
    { style: 'plain', line: 'x^2 + y^2 = 1', selected: 'x^2 + y^2 = 1', request: { section: 'implicit' }, result: () => implicit('x^2 + y^2 = 1', { notation: 'plain', order: 2 }), command: (r) => implicitAnswer(r, 'plain'), written: 'dy/dx = -x/y' },
  ];
  for (const c of cases) {
    const label = `${c.style} ${c.request.section}`;
    const result = c.result();
    const command = c.command(result as never);
    assert.ok(command, label);
    const { answer, copied } = await sectionAnswer({ ...SUBJECT, source: c.selected, dialect: c.style, style: c.style }, c.request, result);
    assert.ok(answer, label);
    assert.equal(below(answer, c.style, c.line, c.selected), below(command, c.style, c.line, c.selected), label);
    assert.equal(below(answer, c.style, c.line, c.selected), c.written, label);
    assert.equal(copied, command.statement, `${label}: Copy writes the command's clipboard text`);
  }
});

test('an equation\'s implicit derivative computed with the model is inserted as Implicit Derivative writes it', () => {
  const sections = new CalculusSections(fakeCore().core, () => undefined, MESSAGES);
  const result = implicit('x**2 + y**2 == 1', { notation: 'python', order: 2 });
  sections.setSubject({ ...SUBJECT, source: 'x**2 + y**2 == 1', dialect: 'python', style: 'python' });
  sections.remember(result);
  assert.deepEqual(sections.view('implicit'), implicitView(result));
  const line = '    x**2 + y**2 == 1';
  assert.equal(below(sections.answerFor('implicit')!, 'python', line, 'x**2 + y**2 == 1'), below(implicitAnswer(result, 'python'), 'python', line, 'x**2 + y**2 == 1'));
  assert.equal(below(sections.answerFor('implicit')!, 'python', line, 'x**2 + y**2 == 1'), '    dy_dx = -x/y');
});

test('critical points are read in the panel, not written', async () => {
  const { core, calls } = fakeCore();
  const sections = new CalculusSections(core, () => undefined, MESSAGES);
  sections.setSubject(SUBJECT);
  const done = sections.request(1, { section: 'critical' });
  calls[0]!.settle(criticalPoints('x^3 - 3*x', { notation: 'plain' }));
  await done;
  assert.ok(sections.view('critical'));
  assert.equal(sections.textFor('critical' as WritableSection), undefined);
});
