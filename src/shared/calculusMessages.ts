// The explanation panel's calculus sections (issue 14): tangent line, Taylor polynomial,
// antiderivative, critical points and the implicit derivative. What the two sides say about them,
// typed once and validated on arrival (panelMessages.ts routes these messages here). No vscode
// import, no DOM: the extension host and the webview script both import it.
import { arrayOf, isBoolean, isCheck, isCount, isNumber, isObject, isString, shape } from './guards';

/** The sections, in the order the panel shows them. */
export const CALCULUS_SECTIONS = ['tangent', 'taylor', 'integral', 'critical', 'implicit'] as const;
export type CalculusSection = (typeof CALCULUS_SECTIONS)[number];

/** Sections whose answer can be copied and inserted (critical points are a list to read). */
const WRITABLE_SECTIONS = ['tangent', 'taylor', 'integral', 'implicit'] as const;
export type WritableSection = (typeof WRITABLE_SECTIONS)[number];

/** Highest Taylor order the panel asks for (the core's MAX_TAYLOR_ORDER; a unit test keeps them equal). */
export const PANEL_MAX_TAYLOR_ORDER = 20;
export const PANEL_DEFAULT_TAYLOR_ORDER = 5;
/** The interval critical points are searched on when none is given (the core's DEFAULT_INTERVAL). */
export const PANEL_DEFAULT_INTERVAL: readonly [number, number] = [-10, 10];

/**
 * A section's parameters as typed in the panel: points and bounds are plain math (`2`, `-1.5`,
 * `pi/4`, `sqrt(2)`, `e`), read by the core; an empty bound means none (integral) or the default
 * interval (critical points).
 */
export type CalculusRequest =
  | { section: 'tangent'; at: string }
  | { section: 'taylor'; at: string; order: number }
  | { section: 'integral'; from?: string; to?: string }
  | { section: 'critical'; from?: string; to?: string }
  | { section: 'implicit' };

/** Verification as a section's badge shows it. */
export interface CalculusCheck {
  verified: boolean;
  method: string;
  points: number;
  maxRelError: number;
  reason?: string;
}

/** A number shown exactly where it is exact: LaTeX and the decimal value (absent when not finite). */
export interface ShownValue {
  latex: string;
  value?: number;
  exact: boolean;
}

interface ViewBase {
  check: CalculusCheck;
  /** How the input was read where a person may have meant otherwise (English, from the core). */
  warnings?: string[];
}

export interface TangentView extends ViewBase {
  section: 'tangent';
  /** `y = 9 x - 16`. */
  equationLatex: string;
  /** The equation in the selection's notation (what Copy and Insert write). */
  code: string;
  point: { x: ShownValue; y: ShownValue };
  slope: ShownValue;
}

export interface TaylorView extends ViewBase {
  section: 'taylor';
  /** The polynomial with its O(…) term. */
  latex: string;
  /** In the selection's notation, the remainder as a comment in code (what Copy and Insert write). */
  code: string;
  at: ShownValue;
  order: number;
  /** f⁽ᵏ⁾(a)/k! for k = 0…n as numbers (null where not finite): the plot draws the polynomial from them. */
  coefficients: (number | null)[];
  /** The error's observed order near a. */
  observedOrder?: number;
}

export interface IntegralView extends ViewBase {
  section: 'integral';
  /** The integrand as read. */
  integrandLatex: string;
  /** The verified antiderivative, ∫ f dx = F + C, and F alone in the selection's notation (no + C: what Copy and Insert write). */
  antiderivative?: { latex: string; code: string };
  /** Why there is none ("no antiderivative found: …"). */
  notFound?: string;
  definite?: DefiniteView;
}

export interface DefiniteView {
  fromLatex: string;
  toLatex: string;
  /** The quadrature's value and error estimate; absent when the integral diverges. */
  value?: number;
  errorEstimate?: number;
  method: string;
  converged: boolean;
  divergesAt?: number;
  /** F(b) − F(a) when the antiderivative was found and agrees with the quadrature. */
  exact?: ShownValue;
}

export type CriticalPointKind = 'minimum' | 'maximum' | 'inflection' | 'flat';

export interface CriticalView extends ViewBase {
  section: 'critical';
  derivativeLatex: string;
  from: ShownValue;
  to: ShownValue;
  points: { x: ShownValue; y: ShownValue; kind: CriticalPointKind; differentiable: boolean }[];
}

export interface ImplicitView extends ViewBase {
  section: 'implicit';
  /** The equation as read (an expression alone is F = 0). */
  inputLatex: string;
  /** `\frac{dy}{dx} = -\frac{x}{y}`, and its right-hand side in the selection's notation. */
  first: { latex: string; code: string };
  second?: { latex: string; code: string };
  wrt: string;
  of: string;
}

export type CalculusView = TangentView | TaylorView | IntegralView | CriticalView | ImplicitView;

/** A section's answer, or why there is none (a message for the section). */
export type CalculusOutcome = { ok: true; view: CalculusView } | { ok: false; section: CalculusSection; message: string };

/** What the panel offers for the explained selection; `open` is computed at once (a command asked for it). */
export interface CalculusOffer {
  sections: CalculusSection[];
  wrt: string;
  open?: CalculusRequest;
}

// ──── Validation ────────────────────────────────────────────

const isSection = (value: unknown): value is CalculusSection => CALCULUS_SECTIONS.includes(value as CalculusSection);
const isWritableSection = (value: unknown): value is WritableSection => WRITABLE_SECTIONS.includes(value as WritableSection);

/** A point or bound as typed: plain math of numbers, names, operators and parentheses, short. */
function isPointText(value: unknown): value is string {
  return isString(value) && value.length <= 64 && /^[0-9A-Za-z_+\-*/^().\s]*$/.test(value);
}

/** A request as the host accepts it, with only its own fields; undefined when malformed. */
function parseCalculusRequest(value: unknown): CalculusRequest | undefined {
  if (!isObject(value)) return undefined;
  const bounds = (): { from?: string; to?: string } | undefined => {
    if ((value.from !== undefined && !isPointText(value.from)) || (value.to !== undefined && !isPointText(value.to))) return undefined;
    const from = isString(value.from) && value.from.trim() ? value.from.trim() : undefined;
    const to = isString(value.to) && value.to.trim() ? value.to.trim() : undefined;
    return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  };
  switch (value.section) {
    case 'tangent':
      return isPointText(value.at) && value.at.trim() ? { section: 'tangent', at: value.at.trim() } : undefined;
    case 'taylor':
      return isPointText(value.at) && value.at.trim() && isCount(value.order) && value.order <= PANEL_MAX_TAYLOR_ORDER ? { section: 'taylor', at: value.at.trim(), order: value.order } : undefined;
    case 'integral': {
      const b = bounds();
      return b ? { section: 'integral', ...b } : undefined;
    }
    case 'critical': {
      const b = bounds();
      return b ? { section: 'critical', ...b } : undefined;
    }
    case 'implicit':
      return { section: 'implicit' };
    default:
      return undefined;
  }
}

const isShown = (value: unknown) => shape(value, { latex: isString, exact: isBoolean }, { value: isNumber });
const isCodePair = (value: unknown) => shape(value, { latex: isString, code: isString });
const base = { check: isCheck };
const optionalBase = { warnings: arrayOf(isString) };

/** A section's view as the webview accepts it. */
export function isCalculusView(value: unknown): value is CalculusView {
  if (!isObject(value)) return false;
  switch (value.section) {
    case 'tangent':
      return shape(value, { ...base, equationLatex: isString, code: isString, point: (p) => shape(p, { x: isShown, y: isShown }), slope: isShown }, optionalBase);
    case 'taylor':
      return shape(value, { ...base, latex: isString, code: isString, at: isShown, order: isCount, coefficients: arrayOf((v) => v === null || isNumber(v)) }, { ...optionalBase, observedOrder: isNumber });
    case 'integral':
      return shape(
        value,
        { ...base, integrandLatex: isString },
        {
          ...optionalBase,
          antiderivative: isCodePair,
          notFound: isString,
          definite: (d) =>
            shape(d, { fromLatex: isString, toLatex: isString, method: isString, converged: isBoolean }, { value: isNumber, errorEstimate: isNumber, divergesAt: isNumber, exact: isShown }),
        },
      );
    case 'critical':
      return shape(
        value,
        { ...base, derivativeLatex: isString, from: isShown, to: isShown, points: arrayOf((p) => shape(p, { x: isShown, y: isShown, kind: (k) => ['minimum', 'maximum', 'inflection', 'flat'].includes(k as string), differentiable: isBoolean })) },
        optionalBase,
      );
    case 'implicit':
      return shape(value, { ...base, inputLatex: isString, first: isCodePair, wrt: isString, of: isString }, { ...optionalBase, second: isCodePair });
    default:
      return false;
  }
}

function isCalculusOutcome(value: unknown): value is CalculusOutcome {
  if (!isObject(value)) return false;
  return value.ok === true ? isCalculusView(value.view) : value.ok === false && isSection(value.section) && isString(value.message);
}

export function isCalculusOffer(value: unknown): value is CalculusOffer {
  return shape(value, { sections: arrayOf(isSection), wrt: isString }, { open: (o) => parseCalculusRequest(o) !== undefined });
}

/** What the webview reports after showing a section's answer (tests): the section's visible text. */
export interface CalculusShown {
  section: CalculusSection;
  requestId: number;
  ok: boolean;
  text: string;
}

function isCalculusShown(value: unknown): value is CalculusShown {
  return shape(value, { section: isSection, requestId: isCount, ok: isBoolean, text: isString });
}

/** An equation selected (`x^2 + y^2 = 1`): the panel shows its implicit derivative. */
export interface EquationModel {
  kind: 'equation';
  /** The selected text (shown as text, never as markup). */
  source: string;
  dialectLabel: string;
  documentName: string;
  warnings?: string[];
  implicit: ImplicitView;
  calculus: CalculusOffer;
  /** The panel can write into the document it came from. */
  canInsert: boolean;
}

export function isEquationModel(value: unknown): value is EquationModel {
  return shape(
    value,
    { kind: (k) => k === 'equation', source: isString, dialectLabel: isString, documentName: isString, implicit: (v) => isCalculusView(v) && v.section === 'implicit', calculus: isCalculusOffer, canInsert: isBoolean },
    optionalBase,
  );
}

// ──── Messages ──────────────────────────────────────────────

export type CalculusToWebview =
  /** The answer to the webview's request `requestId`. */
  | { type: 'calculus'; requestId: number; outcome: CalculusOutcome }
  /** Tests: fill in a section's controls and compute it, as a person would. */
  | { type: 'calculusSet'; request: CalculusRequest }
  /** Tests: press a section's Copy or Insert button. */
  | { type: 'calculusPress'; section: WritableSection; button: 'copy' | 'insert' };

export type CalculusFromWebview =
  /** A section opened or its controls changed: compute it (a newer request for the section supersedes this one). */
  | { type: 'calculus'; requestId: number; request: CalculusRequest }
  /** A section closed: its computation, if any, is cancelled. */
  | { type: 'calculusClose'; section: CalculusSection }
  | { type: 'calculusCopy'; section: WritableSection }
  | { type: 'calculusInsert'; section: WritableSection }
  /** A section's answer is on the page (tests and timing). */
  | { type: 'calculusShown'; shown: CalculusShown };

/** The webview's calculus messages, checked field by field; anything else is undefined. */
export function parseCalculusFromWebview(data: Record<string, unknown>): CalculusFromWebview | undefined {
  switch (data.type) {
    case 'calculus': {
      const request = parseCalculusRequest(data.request);
      return isCount(data.requestId) && request ? { type: 'calculus', requestId: data.requestId, request } : undefined;
    }
    case 'calculusClose':
      return isSection(data.section) ? { type: 'calculusClose', section: data.section } : undefined;
    case 'calculusCopy':
    case 'calculusInsert':
      return isWritableSection(data.section) ? { type: data.type, section: data.section } : undefined;
    case 'calculusShown':
      return isCalculusShown(data.shown) ? { type: 'calculusShown', shown: { section: data.shown.section, requestId: data.shown.requestId, ok: data.shown.ok, text: data.shown.text.slice(0, 4000) } } : undefined;
    default:
      return undefined;
  }
}

/** The extension's calculus messages as the webview accepts them. */
export function parseCalculusToWebview(data: Record<string, unknown>): CalculusToWebview | undefined {
  switch (data.type) {
    case 'calculus':
      return isCount(data.requestId) && isCalculusOutcome(data.outcome) ? { type: 'calculus', requestId: data.requestId, outcome: data.outcome } : undefined;
    case 'calculusSet': {
      const request = parseCalculusRequest(data.request);
      return request ? { type: 'calculusSet', request } : undefined;
    }
    case 'calculusPress':
      return isWritableSection(data.section) && (data.button === 'copy' || data.button === 'insert') ? { type: 'calculusPress', section: data.section, button: data.button } : undefined;
    default:
      return undefined;
  }
}

/** The calculus sections' labels (part of the panel's strings, localized by the extension). */
export interface CalculusStrings {
  calcTangent: string;
  calcTaylor: string;
  calcIntegral: string;
  calcCritical: string;
  calcImplicit: string;
  /** Label of a point input: {0} the variable ("at x ="). */
  calcAt: string;
  calcOrder: string;
  calcFrom: string;
  calcTo: string;
  calcCompute: string;
  /** Under the tangent point: the plot's slider moves it too. */
  calcTangentHint: string;
  calcBoundsHint: string;
  calcIntervalHint: string;
  calcDefinite: string;
  /** {0} value, {1} error estimate, {2} method. */
  calcQuadrature: string;
  calcExact: string;
  /** {0} variable, {1} where. */
  calcDiverges: string;
  calcNotConverged: string;
  /** {0} the observed order. */
  calcObservedOrder: string;
  calcMinimum: string;
  calcMaximum: string;
  calcInflection: string;
  calcFlat: string;
  /** Short labels of the critical points marked on the plot. */
  calcMinShort: string;
  calcMaxShort: string;
  calcInflectionShort: string;
  calcNotDifferentiable: string;
  calcNoPoints: string;
  calcPoint: string;
  calcValue: string;
  calcKind: string;
  calcSecond: string;
  calcEquation: string;
  calcFailed: string;
}
