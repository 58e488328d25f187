// The explanation panel's webview script (bundled by esbuild to dist/webview.js, an IIFE for the
// browser). It renders the model the extension sends, with KaTeX for math and uPlot for the plot,
// and reports what it rendered. Messages are typed in src/shared/panelMessages.ts and checked
// on arrival; user text only ever becomes text nodes (see dom.ts).
/// <reference types="vscode-webview" />
import 'katex/dist/katex.min.css';
import 'uplot/dist/uPlot.min.css';
import '@vscode/codicons/dist/codicon.css';
import {
  parseToWebview,
  type ControlId,
  type ErrorModel,
  type FromWebview,
  type IndexStep,
  type MatrixModel,
  type PanelModel,
  type PanelOrigin,
  type PanelState,
  type PanelStep,
  type PanelStrings,
  type PanelVerification,
  type ProbeReport,
  type RenderReport,
  type ScalarModel,
} from '../shared/panelMessages';
import { append, format, formatNumber, h, icon, type Child } from './dom';
import { renderMath } from './math';
import { calculusSections, equationPage, receiveCalculus, resetCalculus, type CalculusPage } from './calculus';
import type { EquationModel } from '../shared/calculusMessages';
import { createPlot, type PlotHandle } from './plot';

/** When this script started, in the page's clock (the page starts at 0). */
const scriptStart = performance.now();
const vscode = acquireVsCodeApi<PanelState>();
const root = document.getElementById('root')!;

let strings: PanelStrings | undefined;
let follow = false;
let current: { model: PanelModel; origin?: PanelOrigin } | undefined;
let plot: PlotHandle | undefined;
let status: HTMLElement | undefined;
/** Math blocks rendered and refused in the current render. */
let mathCount = 0;
let mathErrors = 0;

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

window.addEventListener('error', (event) => post({ type: 'error', message: `${event.message} (${event.filename}:${event.lineno})` }));
window.addEventListener('unhandledrejection', (event) => post({ type: 'error', message: String(event.reason) }));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseToWebview(event.data);
  if (!message) {
    post({ type: 'error', message: 'ignored a malformed message from the extension' });
    return;
  }
  switch (message.type) {
    case 'init':
      strings = message.strings;
      document.title = strings.title;
      return;
    case 'busy':
      root.classList.toggle('busy', message.busy);
      root.setAttribute('aria-busy', String(message.busy));
      return;
    case 'render': {
      const started = performance.now();
      follow = message.follow;
      current = { model: message.model, ...(message.origin ? { origin: message.origin } : {}) };
      render(message.model);
      vscode.setState({ model: message.model, follow, ...(message.origin ? { origin: message.origin } : {}) });
      post({ type: 'rendered', renderId: message.renderId, report: report(message.model, performance.now() - started) });
      return;
    }
    case 'status':
      if (status) status.textContent = message.text;
      return;
    case 'click':
      click(message.control);
      return;
    case 'probe':
      post({ type: 'probed', probeId: message.probeId, report: probe(message.latex) });
      return;
    case 'calculus':
    case 'calculusSet':
    case 'calculusPress':
      receiveCalculus(message);
      return;
  }
});

// The theme changed (VS Code sets the body's class): the plot's canvas takes the new colours.
new MutationObserver(() => plot?.restyle()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

post({ type: 'ready' });

// ──── Rendering ───────────────────────────────────────────────

function render(model: PanelModel): void {
  const s = strings!;
  resetCalculus();
  plot?.destroy();
  plot = undefined;
  mathCount = 0;
  mathErrors = 0;
  root.classList.remove('busy');
  root.removeAttribute('aria-busy');
  status = h('p', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  switch (model.kind) {
    case 'empty':
      root.replaceChildren(h('p', { class: 'hint' }, model.hint));
      break;
    case 'error':
      root.replaceChildren(controls(model, s), errorSection(model, s));
      break;
    case 'scalar':
      root.replaceChildren(controls(model, s), inputSection(model, s), resultSection(model, s), ...(model.plot ? [plotSection(model, s)] : []), ...(model.calculus ? calculusSections(model.calculus, calculusPage(model, s), model.source) : []), stepsSection(model, s));
      break;
    case 'equation':
      root.replaceChildren(controls(model, s), ...equationPage(model, calculusPage(model, s)));
      break;
    case 'matrix':
      root.replaceChildren(controls(model, s), inputSection(model, s), resultSection(model, s), matrixSection(model, s));
      break;
  }
  // plotSection() set `plot` while building the page: the chart needs its place in the document.
  (plot as PlotHandle | undefined)?.mount();
}

function section(id: string, title: string, iconName: string, ...children: Child[]): HTMLElement {
  return h('section', { class: `section section-${id}`, attrs: { 'aria-labelledby': `h-${id}` } }, h('h2', { attrs: { id: `h-${id}` } }, icon(iconName), ' ', title), ...children);
}

function math(latex: string, display = true, extraClass = ''): HTMLElement {
  const element = h(display ? 'div' : 'span', { class: `math ${display ? 'math-display' : 'math-inline'} ${extraClass}`.trim() });
  mathCount++;
  if (!renderMath(element, latex, display)) mathErrors++;
  return element;
}

function button(control: ControlId | undefined, label: string, iconName: string, onClick: () => void, extra: Record<string, string | boolean> = {}): HTMLButtonElement {
  return h('button', { class: 'button', attrs: { type: 'button', ...(control ? { 'data-control': control } : {}), ...extra }, on: { click: onClick } }, icon(iconName), ' ', label);
}

/** Order, variable and follow-the-selection: the panel's toolbar. */
/** What the calculus sections (calculus.ts) use of the page. */
function calculusPage(model: ScalarModel | EquationModel, s: PanelStrings): CalculusPage {
  return { post, math: (latex, display = true) => math(latex, display), plot: () => plot, strings: s, ...(model.canInsert ? { insertInto: model.documentName } : {}) };
}

function controls(model: ScalarModel | MatrixModel | ErrorModel | EquationModel, s: PanelStrings): HTMLElement {
  const bar = h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': s.controls } });
  if (model.kind === 'scalar' || model.kind === 'matrix') {
    const wrt = model.wrt;
    const group = h('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': s.order } }, h('span', { class: 'toolbar-label' }, s.order));
    const highest = model.kind === 'scalar' ? model.maxOrder ?? 3 : 3;
    for (const order of ([1, 2, 3] as const).filter((o) => o <= highest)) {
      const label = order === 1 ? `d/d${wrt}` : `d${'²³'[order - 2]}/d${wrt}${'²³'[order - 2]}`;
      group.appendChild(
        h(
          'button',
          { class: `segment${model.order === order ? ' active' : ''}`, attrs: { type: 'button', 'data-control': `order-${order}`, 'aria-pressed': String(model.order === order) }, on: { click: () => model.order !== order && post({ type: 'setOrder', order }) } },
          label,
        ),
      );
    }
    bar.appendChild(group);
  }
  if ((model.kind === 'scalar' || model.kind === 'matrix') && model.variables.length > 1) {
    const select = h('select', { attrs: { 'data-control': 'variable' }, on: { change: () => post({ type: 'setVariable', wrt: select.value }) } });
    for (const name of model.variables) select.appendChild(h('option', { attrs: { value: name, selected: name === model.wrt } }, name));
    bar.appendChild(h('label', { class: 'toolbar-item' }, h('span', { class: 'toolbar-label' }, s.variable), select));
  }
  const checkbox = h('input', {
    attrs: { type: 'checkbox', 'data-control': 'follow', checked: follow },
    on: {
      change: () => {
        follow = checkbox.checked;
        post({ type: 'setFollow', follow });
        if (current) vscode.setState({ model: current.model, follow, ...(current.origin ? { origin: current.origin } : {}) });
      },
    },
  });
  bar.appendChild(h('label', { class: 'toolbar-item follow', attrs: { title: s.followHint } }, checkbox, h('span', null, s.follow)));
  return bar;
}

function inputSection(model: ScalarModel | MatrixModel, s: PanelStrings): HTMLElement {
  const variables = h('span', { class: 'variables' });
  const shapeOf = (name: string) => (model.kind === 'matrix' ? model.shapes.find((row) => row.name === name)?.shape : undefined);
  model.variables.forEach((name, i) => {
    const shape = shapeOf(name);
    append(variables, i > 0 ? ', ' : '', name === model.wrt ? h('strong', null, name) : name, shape ? h('span', { class: 'muted' }, ` (${shape})`) : null);
  });
  return section(
    'input',
    s.inputHeading,
    'symbol-variable',
    math(model.input.latex),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, s.dialect),
      h('dd', null, model.dialectLabel, h('span', { class: 'muted' }, ` — ${model.documentName}`)),
      h('dt', null, s.variables),
      h('dd', null, variables),
      h('dt', null, s.source),
      h('dd', null, h('code', { class: 'user-text' }, model.source)),
      ...(model.warnings?.length ? [h('dt', null, s.readingNotes), h('dd', { class: 'reading-notes' }, ...model.warnings.map((w) => h('div', null, icon('info'), ' ', w)))] : []),
    ),
  );
}

function resultSection(model: ScalarModel | MatrixModel, s: PanelStrings): HTMLElement {
  const equation = (latex: string) => `${model.result.operatorLatex}${model.input.latexOperand} = ${latex}`;
  const code = (text: string) => h('pre', { class: 'code' }, h('code', { class: 'user-text' }, text));
  const actions = h(
    'div',
    { class: 'actions' },
    button('copy-result', s.copy, 'copy', () => post({ type: 'copy', field: 'result' })),
    model.canInsert ? button('insert', s.insert, 'insert', () => post({ type: 'insert' }), { title: model.documentName }) : null,
  );
  const named = model.kind === 'matrix' ? model.named : undefined;
  if (!named) return section('result', s.resultHeading, 'symbol-operator', math(equation(model.result.latex)), code(model.result.code), actions, status, badge(model.verification, s));
  // Repeated subexpressions named: the short form first ("where s = …", its definitions then the
  // result as code), then the result as one expression, each with its own Copy and Insert.
  const namedActions = h(
    'div',
    { class: 'actions' },
    button('copy-named', s.copy, 'copy', () => post({ type: 'copy', field: 'named' })),
    model.canInsert ? button('insert-named', s.insertNamed, 'insert', () => post({ type: 'insert', form: 'named' }), { title: model.documentName }) : null,
  );
  return section(
    'result',
    s.resultHeading,
    'symbol-operator',
    math(equation(named.latex)),
    code(named.code),
    namedActions,
    h('h3', null, s.withoutNames),
    code(model.result.code),
    actions,
    status,
    badge(model.verification, s),
  );
}

function badge(verification: PanelVerification, s: PanelStrings): HTMLElement {
  if (verification.verified) {
    return h(
      'div',
      { class: 'badge verified', attrs: { role: 'note' } },
      icon('pass'),
      ' ',
      h('strong', null, s.verified),
      h('br'),
      format(s.verifiedDetail, verification.points, verification.maxRelError >= 0 ? formatNumber(verification.maxRelError, 2) : '—'),
    );
  }
  return h('div', { class: 'badge unverified', attrs: { role: 'alert' } }, icon('warning'), ' ', h('strong', null, s.unverified), h('br'), verification.reason ?? verification.method);
}

function plotSection(model: ScalarModel, s: PanelStrings): HTMLElement {
  plot = createPlot(model.plot!, model.order, s);
  return section('plot', s.plotHeading, 'graph-line', plot.element);
}

function stepsSection(model: ScalarModel, s: PanelStrings): HTMLElement {
  const details = h('details', { class: 'steps', attrs: { open: model.steps.length <= 40 } });
  details.appendChild(h('summary', null, format(s.stepsSummary, model.steps.length)));
  const fill = () => {
    if (details.dataset.filled) return;
    details.dataset.filled = '1';
    // per order: its rules, then the simplification that ends it
    const orders = [...new Set(model.steps.map((step) => step.order))];
    for (const order of orders) {
      if (orders.length > 1) details.appendChild(h('h3', null, format(s.orderGroup, order)));
      const list = h('ol', { class: 'step-list' });
      for (const step of model.steps.filter((x) => x.order === order)) list.appendChild(stepItem(step, s));
      details.appendChild(list);
    }
  };
  // Many steps: rendered when opened.
  if (details.open) fill();
  else details.addEventListener('toggle', fill);
  return section('steps', s.stepsHeading, 'list-ordered', details);
}

/** A step as a textbook writes it: the rule's name, its identity with the parts it names, the identity substituted = the result. */
function stepItem(step: PanelStep, s: PanelStrings): HTMLElement {
  const name = h('p', { class: 'reason' }, h('strong', null, step.name), step.note ? ` — ${step.note}` : '');
  if (step.kind === 'simplification') {
    return h(
      'li',
      { class: 'step simplification' },
      name,
      step.factorLatex ? h('p', { class: 'identity muted' }, `${s.commonFactor}: `, math(step.factorLatex, false)) : null,
      step.identityLatex ? h('p', { class: 'identity muted' }, `${s.identityUsed}: `, math(step.identityLatex, false)) : null,
      math(step.substitutedLatex),
    );
  }
  const identity = h('p', { class: 'identity muted' }, math(step.identityLatex, false));
  if (step.substitutionsLatex) append(identity, `, ${s.stepWith} `, math(step.substitutionsLatex, false));
  return h('li', { class: `step depth-${Math.min(step.depth, 6)}` }, name, identity, math(step.substitutedLatex));
}

function errorSection(model: ErrorModel, s: PanelStrings): HTMLElement {
  const pointer = model.column !== undefined ? h('pre', { class: 'code caret', attrs: { 'aria-hidden': 'true' } }, `${' '.repeat(Math.max(0, model.column - 1))}^`) : null;
  return section(
    'error',
    s.errorHeading,
    'error',
    h('p', { class: 'error-message' }, model.message, model.column !== undefined ? ` (${format(s.errorColumn, model.column)})` : ''),
    h('pre', { class: 'code' }, h('code', { class: 'user-text' }, model.source)),
    pointer,
    h('p', { class: 'muted' }, `${s.dialect}: ${model.dialectLabel} — ${model.documentName}`),
  );
}

function matrixSection(model: MatrixModel, s: PanelStrings): HTMLElement {
  const table = h(
    'table',
    { class: 'shape-table' },
    h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, s.symbol), h('th', { attrs: { scope: 'col' } }, s.shape), h('th', { attrs: { scope: 'col' } }, s.role))),
  );
  const body = h('tbody');
  // the name typeset as the result and the derivation write it, then as written in the source
  for (const row of model.shapes) {
    const symbol = h('td', { class: 'symbol' }, math(row.latex, false), " ", h('code', { class: 'user-text muted' }, row.name));
    body.appendChild(h('tr', null, symbol, h('td', null, h('code', null, row.shape)), h('td', null, row.role)));
  }
  table.appendChild(body);

  // The derivation: each line what was done (and the identities used), then the equation it gives.
  const derivation = h('ol', { class: 'step-list derivation' });
  for (const step of model.derivation) derivation.appendChild(derivationLine(step));

  // The layout in use (a Jacobian's is the setting derivative.layout); the toggle asks the host to
  // compute in the other one, so the result, the code, Copy and Insert all follow it.
  const other = model.layout.other;
  const layoutNote = other ? h('p', null, h('strong', null, layoutName(model.layout.current, s)), ': ', model.layout.note) : h('p', null, model.layout.note);
  const toggle: HTMLElement | null = other
    ? h(
        'button',
        {
          class: 'button',
          attrs: { type: 'button', 'data-control': 'layout' },
          on: {
            click: () => {
              toggle!.setAttribute('disabled', '');
              post({ type: 'setLayout', layout: other.layout });
            },
          },
        },
        icon('arrow-swap'),
        ` ${format(s.layoutSwitch, layoutName(other.layout, s))}`,
      )
    : null;

  const codeBlock = (title: string, text: string, control: ControlId, field: 'numpy' | 'einsum' | 'gradientCheck') =>
    h('div', { class: 'code-block' }, h('h3', null, title), codeText(text), h('div', { class: 'actions' }, button(control, s.copy, 'copy', () => post({ type: 'copy', field }))));

  return section(
    'matrix',
    s.matrixHeading,
    'table',
    h('p', null, h('strong', null, model.resultKind), ` — ${s.shape}: `, h('code', null, model.shape)),
    model.note ? h('p', { class: 'muted' }, model.note) : null,
    h('h3', null, s.shapeTable),
    table,
    h('h3', null, s.indexForm),
    h('p', { class: 'muted convention' }, model.convention),
    derivation,
    h('h3', null, s.layout),
    layoutNote,
    toggle ? h('div', { class: 'actions' }, toggle) : null,
    codeBlock(s.numpy, model.numpy, 'copy-numpy', 'numpy'),
    codeBlock(s.einsum, model.einsum, 'copy-einsum', 'einsum'),
    codeBlock(s.gradientCheck, model.gradientCheck, 'copy-check', 'gradientCheck'),
  );
}

function derivationLine(step: IndexStep): HTMLElement {
  const identities = step.identities.length ? h('div', { class: 'identities' }, ...step.identities.map((identity) => math(`\\displaystyle ${identity}`, false))) : null;
  return h('li', { class: 'step' }, h('p', { class: 'reason' }, step.text), identities, math(step.latex), step.code !== undefined ? codeText(step.code) : null);
}

/** Code as written (long lines scroll sideways: panel.css); focusable so the keyboard can scroll it. */
function codeText(text: string): HTMLElement {
  return h('pre', { class: 'code', attrs: { tabindex: '0' } }, h('code', null, text));
}

function layoutName(layout: 'numerator' | 'denominator', s: PanelStrings): string {
  return layout === 'numerator' ? s.layoutNumerator : s.layoutDenominator;
}

// ──── Reports (tests and timing) ──────────────────────────────

/** Elements carrying data-* attributes other than the panel's own controls. */
function foreignDataAttributes(scope: Element): number {
  let count = 0;
  for (const element of Array.from(scope.querySelectorAll('*'))) {
    for (const attribute of element.getAttributeNames()) if (attribute.startsWith('data-') && attribute !== 'data-control' && attribute !== 'data-filled') count++;
  }
  return count;
}

function report(model: PanelModel, ms: number): RenderReport {
  return {
    kind: model.kind,
    steps: root.querySelectorAll('li.step').length,
    plot: root.querySelector('.plot canvas') !== null,
    shapeTable: root.querySelector('table.shape-table') !== null,
    math: mathCount,
    mathErrors,
    links: root.querySelectorAll('a').length,
    images: root.querySelectorAll('img, image, iframe, object, embed').length,
    dataAttributes: foreignDataAttributes(root),
    text: (root.innerText || root.textContent || '').slice(0, 4000),
    ms,
    pageMs: performance.now(),
    scriptStartMs: scriptStart,
  };
}

function probe(latex: string): ProbeReport {
  const host = h('div', { class: 'probe', attrs: { 'aria-hidden': 'true' } });
  document.body.appendChild(host);
  const ok = renderMath(host, latex, true);
  const result: ProbeReport = {
    links: host.querySelectorAll('a').length,
    images: host.querySelectorAll('img, image, iframe, object, embed').length,
    dataAttributes: foreignDataAttributes(host),
    errors: ok ? 0 : 1,
    text: (host.textContent ?? '').slice(0, 2000),
  };
  host.remove();
  return result;
}

/** Presses a control as a person would (the end-to-end tests ask for this). */
function click(control: ControlId): void {
  const element = root.querySelector<HTMLElement>(`[data-control="${control}"]`);
  if (!element) {
    post({ type: 'error', message: `no control ${control} on the panel` });
    return;
  }
  element.focus();
  element.click();
}
