// The panel's calculus sections (issue 14): tangent line, Taylor polynomial, antiderivative,
// critical points, and for an equation the implicit derivative. Each is a collapsed section that
// asks the extension to compute when it is opened or its point, order or bounds change (the work
// runs in the core worker; a newer request supersedes the older one), then shows the answer, adds
// it to the plot, and offers Copy and Insert. User text only ever becomes text nodes.
import type {
  CalculusCheck,
  CalculusOffer,
  CalculusOutcome,
  CalculusRequest,
  CalculusSection,
  CalculusToWebview,
  CalculusView,
  CriticalView,
  EquationModel,
  ImplicitView,
  IntegralView,
  ShownValue,
  TangentView,
  TaylorView,
  WritableSection,
} from '../shared/calculusMessages';
import { PANEL_DEFAULT_TAYLOR_ORDER, PANEL_MAX_TAYLOR_ORDER } from '../shared/calculusMessages';
import type { FromWebview, PanelStrings } from '../shared/panelMessages';
import { append, format, formatNumber, h, icon, type Child } from './dom';
import type { PlotHandle } from './plot';

/** What the sections borrow from the page (main.ts): posting, math that counts in the render report, the plot. */
export interface CalculusPage {
  post(message: FromWebview): void;
  math(latex: string, display?: boolean): HTMLElement;
  plot(): PlotHandle | undefined;
  strings: PanelStrings;
  /** The document Insert writes into (the button's tooltip), when it can. */
  insertInto?: string;
}

/** The sections' controls and answers, rebuilt with every render. */
interface SectionState {
  section: CalculusSection;
  details: HTMLDetailsElement;
  /** Where the answer (or the message, or "Computing…") goes. */
  answer: HTMLElement;
  /** The request the section's controls make now. */
  read(): CalculusRequest | undefined;
  /** Fills in the controls from a request (a command's operation, a test). */
  fill(request: CalculusRequest): void;
  /** The request awaited, if any. */
  pending?: number;
  /** The last request asked (to skip asking again what a blur after Enter repeats). */
  asked?: string;
}

let page: CalculusPage | undefined;
const states = new Map<CalculusSection, SectionState>();
let nextRequestId = 1;
/** Requests the answer of which is still awaited, by id. */
const awaited = new Map<number, CalculusSection>();
/** Open sections and their controls, kept across renders of the same selection (another order, Follow). */
let kept: { key: string; open: Map<CalculusSection, CalculusRequest> } | undefined;

/** Forgets the sections of the previous render (its answers can no longer arrive), keeping which were open. */
export function resetCalculus(): void {
  if (currentKey !== undefined) {
    const open = [...states.values()].filter((state) => state.details.open && state.section !== 'implicit').map((state) => [state.section, state.read()] as const);
    kept = { key: currentKey, open: new Map(open.filter((entry): entry is [CalculusSection, CalculusRequest] => entry[1] !== undefined)) };
  }
  states.clear();
  awaited.clear();
  page = undefined;
  currentKey = undefined;
}

/** Which selection the sections belong to (its text and variable). */
let currentKey: string | undefined;
/** The variable, for dx and the messages. */
let variable = 'x';

/** The variable in LaTeX: one letter as is, a longer name in italics (identifiers only reach here). */
function latexVariable(): string {
  return variable.length === 1 ? variable : `\\mathit{${variable.replace(/_/g, '\\_')}}`;
}

/** The sections for a one-variable selection, below its plot. `key` says which selection it is. */
export function calculusSections(offer: CalculusOffer, context: CalculusPage, key: string): HTMLElement[] {
  page = context;
  currentKey = `${key}\u0000${offer.wrt}`;
  variable = offer.wrt;
  const reopen = offer.open ? new Map([[offer.open.section, offer.open]]) : kept?.key === currentKey ? kept.open : new Map<CalculusSection, CalculusRequest>();
  const built = offer.sections.map((section) => buildSection(section, offer.wrt, context));
  context.plot()?.onTangentMove((x) => tangentMoved(x));
  // opened after the page is in the document: the toggle event asks for the answer
  queueMicrotask(() => {
    for (const [section, request] of reopen) {
      const state = states.get(section);
      if (!state) continue;
      state.fill(request);
      // a command's section is brought into view; sections kept open across renders stay where they are
      open(state, offer.open !== undefined);
    }
  });
  return built;
}

/** An equation: how it was read and its implicit derivative, shown at once (computed with the model). */
export function equationPage(model: EquationModel, context: CalculusPage): HTMLElement[] {
  page = context;
  currentKey = `${model.source}\u0000${model.calculus.wrt}`;
  variable = model.calculus.wrt;
  const s = context.strings;
  const input = h(
    'section',
    { class: 'section section-input', attrs: { 'aria-labelledby': 'h-input' } },
    h('h2', { attrs: { id: 'h-input' } }, icon('symbol-variable'), ' ', s.calcEquation),
    context.math(model.implicit.inputLatex),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, s.dialect),
      h('dd', null, model.dialectLabel, h('span', { class: 'muted' }, ` — ${model.documentName}`)),
      h('dt', null, s.source),
      h('dd', null, h('code', { class: 'user-text' }, model.source)),
      ...(model.warnings?.length ? [h('dt', null, s.readingNotes), h('dd', { class: 'reading-notes' }, ...model.warnings.map((w) => h('div', null, icon('info'), ' ', w)))] : []),
    ),
  );
  const implicit = buildSection('implicit', model.calculus.wrt, context, true);
  const state = states.get('implicit')!;
  state.details.open = true;
  showView(state, model.implicit);
  return [input, implicit];
}

/** The extension's answers and the tests' requests. */
export function receiveCalculus(message: CalculusToWebview): void {
  switch (message.type) {
    case 'calculus':
      return answered(message.requestId, message.outcome);
    case 'calculusSet': {
      const state = states.get(message.request.section);
      if (!state) {
        page?.post({ type: 'error', message: `no ${message.request.section} section on the panel` });
        return;
      }
      state.fill(message.request);
      if (state.details.open) ask(state, true);
      else open(state, true);
      return;
    }
    case 'calculusPress': {
      const control = states.get(message.section)?.answer.querySelector<HTMLElement>(`[data-control="calc-${message.button}"]`);
      if (!control) {
        page?.post({ type: 'error', message: `no ${message.button} button in the ${message.section} section` });
        return;
      }
      control.focus();
      control.click();
      return;
    }
  }
}

// ──── Building the sections ─────────────────────────────────

const ICONS: Record<CalculusSection, string> = { tangent: 'pulse', taylor: 'graph-line', integral: 'symbol-operator', critical: 'debug-breakpoint', implicit: 'symbol-misc' };

function title(section: CalculusSection, s: PanelStrings): string {
  return { tangent: s.calcTangent, taylor: s.calcTaylor, integral: s.calcIntegral, critical: s.calcCritical, implicit: s.calcImplicit }[section];
}

function buildSection(section: CalculusSection, wrt: string, context: CalculusPage, computedWithModel = false): HTMLElement {
  const s = context.strings;
  const answer = h('div', { class: 'calc-answer', attrs: { 'aria-live': 'polite' } });
  const controls = h('div', { class: 'calc-controls' });
  const state: SectionState = { section, details: h('details', { class: 'calc' }), answer, read: () => ({ section: 'implicit' }), fill: () => undefined };

  const field = (label: string, name: string, value: string, width: 'point' | 'order' = 'point', hint?: string) => {
    const input = h('input', {
      class: `calc-input calc-${width}`,
      attrs: { type: width === 'order' ? 'number' : 'text', name, value, spellcheck: 'false', ...(width === 'order' ? { min: 0, max: PANEL_MAX_TAYLOR_ORDER, step: 1 } : {}), ...(hint ? { title: hint } : {}) },
      on: {
        keydown: (event) => {
          if (event.key === 'Enter') ask(state);
        },
        // a blur after Enter repeats the request: asked again only when the controls changed
        change: () => ask(state),
      },
    });
    controls.appendChild(h('label', { class: 'calc-field' }, h('span', { class: 'toolbar-label' }, label), input));
    return input;
  };

  switch (section) {
    case 'tangent': {
      const at = field(format(s.calcAt, wrt), 'at', '0', 'point', s.calcTangentHint);
      state.read = () => ({ section, at: at.value.trim() || '0' });
      state.fill = (r) => {
        if (r.section === 'tangent') at.value = r.at;
      };
      break;
    }
    case 'taylor': {
      const at = field(format(s.calcAt, wrt), 'at', '0');
      const order = field(s.calcOrder, 'order', String(PANEL_DEFAULT_TAYLOR_ORDER), 'order');
      state.read = () => {
        const n = Number(order.value);
        return { section, at: at.value.trim() || '0', order: Number.isInteger(n) ? Math.min(Math.max(n, 0), PANEL_MAX_TAYLOR_ORDER) : PANEL_DEFAULT_TAYLOR_ORDER };
      };
      state.fill = (r) => {
        if (r.section !== 'taylor') return;
        at.value = r.at;
        order.value = String(r.order);
      };
      break;
    }
    case 'integral':
    case 'critical': {
      const from = field(s.calcFrom, 'from', '');
      const to = field(s.calcTo, 'to', '');
      if (section === 'critical') {
        from.placeholder = '-10';
        to.placeholder = '10';
      }
      controls.appendChild(h('button', { class: 'button', attrs: { type: 'button', 'data-control': 'calc-compute' }, on: { click: () => ask(state, true) } }, icon('play'), ' ', s.calcCompute));
      controls.appendChild(h('p', { class: 'muted calc-hint' }, section === 'integral' ? s.calcBoundsHint : s.calcIntervalHint));
      state.read = () => {
        const a = from.value.trim();
        const b = to.value.trim();
        return { section, ...(a ? { from: a } : {}), ...(b ? { to: b } : {}) };
      };
      state.fill = (r) => {
        if (r.section !== 'integral' && r.section !== 'critical') return;
        from.value = r.from ?? '';
        to.value = r.to ?? '';
      };
      break;
    }
    case 'implicit':
      break;
  }

  const chevron = icon('chevron-right');
  const heading = h('h2', { attrs: { id: `h-calc-${section}` } }, chevron, icon(ICONS[section]), ' ', title(section, s));
  state.details.append(h('summary', null, heading), section === 'implicit' ? '' : controls, answer);
  state.details.addEventListener('toggle', () => {
    chevron.className = `codicon codicon-chevron-${state.details.open ? 'down' : 'right'}`;
    if (computedWithModel) return;
    if (state.details.open) ask(state, true);
    else closed(state);
  });
  states.set(section, state);
  return h('section', { class: `section section-calc section-calc-${section}`, attrs: { 'aria-labelledby': `h-calc-${section}` } }, state.details);
}

function open(state: SectionState, reveal: boolean): void {
  // the toggle event asks for the answer
  state.details.open = true;
  if (reveal) state.details.scrollIntoView({ block: 'nearest' });
}

/** Asks the extension for the section's answer with its controls as they are (`force`: even when they did not change). */
function ask(state: SectionState, force = false): void {
  if (!page || !state.details.open) return;
  const request = state.read();
  if (!request) return;
  const asked = JSON.stringify(request);
  if (!force && asked === state.asked) return;
  state.asked = asked;
  const requestId = nextRequestId++;
  if (state.pending !== undefined) awaited.delete(state.pending);
  state.pending = requestId;
  awaited.set(requestId, state.section);
  state.answer.classList.add('calc-busy');
  if (!state.answer.firstChild) state.answer.replaceChildren(h('p', { class: 'muted' }, page.strings.computing));
  page.post({ type: 'calculus', requestId, request });
}

function closed(state: SectionState): void {
  if (state.pending !== undefined) awaited.delete(state.pending);
  state.pending = undefined;
  state.asked = undefined;
  state.answer.classList.remove('calc-busy');
  page?.post({ type: 'calculusClose', section: state.section });
  // what the section drew on the plot goes with it
  const plot = page?.plot();
  if (state.section === 'taylor') plot?.setTaylor(undefined);
  if (state.section === 'critical') plot?.setMarkers(undefined);
}

let tangentTimer: ReturnType<typeof setTimeout> | undefined;
/** The plot's tangent point moved: the open tangent section follows it (at a readable decimal). */
function tangentMoved(x: number): void {
  const state = states.get('tangent');
  if (!state?.details.open) return;
  state.fill({ section: 'tangent', at: String(Number(x.toPrecision(4))) });
  clearTimeout(tangentTimer);
  tangentTimer = setTimeout(() => ask(state), 150);
}

function answered(requestId: number, outcome: CalculusOutcome): void {
  const section = awaited.get(requestId);
  if (!section) return;
  awaited.delete(requestId);
  const state = states.get(section);
  if (!state || state.pending !== requestId) return;
  state.pending = undefined;
  if (outcome.ok) showView(state, outcome.view);
  else {
    state.answer.classList.remove('calc-busy');
    state.answer.replaceChildren(h('p', { class: 'calc-error', attrs: { role: 'alert' } }, icon('error'), ' ', outcome.message));
    if (section === 'taylor') page?.plot()?.setTaylor(undefined);
    if (section === 'critical') page?.plot()?.setMarkers(undefined);
  }
  page?.post({ type: 'calculusShown', shown: { section, requestId, ok: outcome.ok, text: (state.answer.innerText || state.answer.textContent || '').slice(0, 4000) } });
}

function showView(state: SectionState, view: CalculusView): void {
  state.answer.classList.remove('calc-busy');
  state.answer.replaceChildren();
  append(state.answer, ...answerOf(view, page!));
}

function answerOf(view: CalculusView, context: CalculusPage): Child[] {
  switch (view.section) {
    case 'tangent': return tangentAnswer(view, context);
    case 'taylor': return taylorAnswer(view, context);
    case 'integral': return integralAnswer(view, context);
    case 'critical': return criticalAnswer(view, context);
    case 'implicit': return implicitAnswer(view, context);
  }
}

// ──── The answers ───────────────────────────────────────────

function codeAndButtons(section: WritableSection, code: string, context: CalculusPage): Child[] {
  const s = context.strings;
  return [
    h('pre', { class: 'code' }, h('code', { class: 'user-text' }, code)),
    h(
      'div',
      { class: 'actions' },
      h('button', { class: 'button', attrs: { type: 'button', 'data-control': 'calc-copy' }, on: { click: () => context.post({ type: 'calculusCopy', section }) } }, icon('copy'), ' ', s.copy),
      context.insertInto !== undefined
        ? h('button', { class: 'button', attrs: { type: 'button', 'data-control': 'calc-insert', title: context.insertInto }, on: { click: () => context.post({ type: 'calculusInsert', section }) } }, icon('insert'), ' ', s.insert)
        : null,
    ),
  ];
}

function checkBadge(check: CalculusCheck, s: PanelStrings): HTMLElement {
  if (check.verified) {
    return h('div', { class: 'badge verified', attrs: { role: 'note' } }, icon('pass'), ' ', h('strong', null, s.verified), h('br'), format(s.verifiedDetail, check.points, check.maxRelError >= 0 ? formatNumber(check.maxRelError, 2) : '—'));
  }
  return h('div', { class: 'badge unverified', attrs: { role: 'note' } }, icon('warning'), ' ', h('strong', null, s.unverified), h('br'), check.reason ?? check.method);
}

function notes(warnings: string[] | undefined): Child {
  return warnings?.length ? h('div', { class: 'reading-notes muted' }, ...warnings.map((w) => h('div', null, icon('info'), ' ', w))) : null;
}

function tangentAnswer(view: TangentView, context: CalculusPage): Child[] {
  const { x, y } = view.point;
  if (x.value !== undefined && y.value !== undefined && view.slope.value !== undefined) context.plot()?.setTangent({ x: x.value, y: y.value, slope: view.slope.value });
  return [
    context.math(view.equationLatex),
    h('p', { class: 'muted calc-facts' }, context.math(`(${x.latex},\\ ${y.latex}),\\quad f'(${x.latex}) = ${view.slope.latex}`, false)),
    ...codeAndButtons('tangent', view.code, context),
    notes(view.warnings),
    checkBadge(view.check, context.strings),
  ];
}

function taylorAnswer(view: TaylorView, context: CalculusPage): Child[] {
  const s = context.strings;
  if (view.at.value !== undefined) context.plot()?.setTaylor({ label: `${s.calcTaylor} (${view.order})`, at: view.at.value, coefficients: view.coefficients });
  return [
    context.math(`T_{${view.order}}(x) = ${view.latex}`),
    ...codeAndButtons('taylor', view.code, context),
    view.observedOrder !== undefined ? h('p', { class: 'muted' }, format(s.calcObservedOrder, formatNumber(view.observedOrder, 3))) : null,
    notes(view.warnings),
    checkBadge(view.check, s),
  ];
}

function integralAnswer(view: IntegralView, context: CalculusPage): Child[] {
  const s = context.strings;
  const out: Child[] = [];
  if (view.antiderivative) out.push(context.math(view.antiderivative.latex), ...codeAndButtons('integral', view.antiderivative.code, context));
  else out.push(h('p', { class: 'calc-error', attrs: { role: 'note' } }, icon('circle-slash'), ' ', view.notFound ?? ''));
  const d = view.definite;
  if (d) {
    const integral = `\\int_{${d.fromLatex}}^{${d.toLatex}} ${view.integrandLatex}\\,d${latexVariable()}`;
    const rows: Child[] = [h('h3', null, s.calcDefinite)];
    if (d.exact) rows.push(context.math(`${integral} = ${d.exact.latex}${d.exact.value !== undefined ? ` \\approx ${decimal(d.exact.value)}` : ''}`));
    else if (d.value !== undefined) rows.push(context.math(`${integral} \\approx ${decimal(d.value)}`));
    if (d.value !== undefined) rows.push(h('p', { class: 'muted' }, format(s.calcQuadrature, decimal(d.value), d.errorEstimate !== undefined ? formatNumber(d.errorEstimate, 2) : '—', d.method)));
    if (d.divergesAt !== undefined) rows.push(h('p', { class: 'calc-error', attrs: { role: 'note' } }, icon('warning'), ' ', format(s.calcDiverges, variable, formatNumber(d.divergesAt))));
    // without a value the warnings below say why (it diverges towards an infinite bound)
    else if (!d.converged && d.value !== undefined) rows.push(h('p', { class: 'calc-error', attrs: { role: 'note' } }, icon('warning'), ' ', s.calcNotConverged));
    out.push(...rows);
  }
  out.push(notes(view.warnings));
  // only a found antiderivative was checked; without one there is nothing to badge
  if (view.antiderivative) out.push(checkBadge(view.check, s));
  return out;
}

/** Twelve significant digits: the quadrature's value as far as it is known. */
function decimal(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function criticalAnswer(view: CriticalView, context: CalculusPage): Child[] {
  const s = context.strings;
  const kindName = (p: CriticalView['points'][number]) =>
    !p.differentiable ? s.calcNotDifferentiable : { minimum: s.calcMinimum, maximum: s.calcMaximum, inflection: s.calcInflection, flat: s.calcFlat }[p.kind];
  context.plot()?.setMarkers(
    view.points.flatMap((p) => (p.x.value !== undefined && p.y.value !== undefined ? [{ x: p.x.value, y: p.y.value, label: p.differentiable ? { minimum: s.calcMinShort, maximum: s.calcMaxShort, inflection: s.calcInflectionShort, flat: '' }[p.kind] : '' }] : [])),
  );
  const interval = context.math(`f'(${latexVariable()}) = ${view.derivativeLatex} \\quad \\text{on}\\ [${view.from.latex},\\ ${view.to.latex}]`, false);
  if (view.points.length === 0) return [h('p', null, interval), h('p', { class: 'muted' }, s.calcNoPoints), notes(view.warnings), checkBadge(view.check, s)];
  const table = h(
    'table',
    { class: 'shape-table calc-table' },
    h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, s.calcPoint), h('th', { attrs: { scope: 'col' } }, s.calcValue), h('th', { attrs: { scope: 'col' } }, s.calcKind))),
  );
  const body = h('tbody');
  for (const p of view.points) body.appendChild(h('tr', null, h('td', null, valueCell(p.x, context)), h('td', null, valueCell(p.y, context)), h('td', null, kindName(p))));
  table.appendChild(body);
  return [h('p', null, interval), table, notes(view.warnings), checkBadge(view.check, s)];
}

/** Exact where exact, with its decimal when that says more. */
function valueCell(value: ShownValue, context: CalculusPage): Child {
  const exactDiffers = value.value !== undefined && value.exact && !/^-?\d+$/.test(value.latex);
  return context.math(exactDiffers ? `${value.latex} \\approx ${formatNumber(value.value)}` : value.latex, false);
}

function implicitAnswer(view: ImplicitView, context: CalculusPage): Child[] {
  const s = context.strings;
  return [
    context.math(view.first.latex),
    ...codeAndButtons('implicit', view.first.code, context),
    ...(view.second ? [h('h3', null, s.calcSecond), context.math(view.second.latex), h('pre', { class: 'code' }, h('code', { class: 'user-text' }, view.second.code))] : []),
    notes(view.warnings),
    checkBadge(view.check, s),
  ];
}
