// Everything the explanation panel's two sides say to each other, typed once and validated on
// arrival. Imported by the extension host (explainPanel.ts) and by the webview script
// (src/webview/main.ts): no vscode import, no DOM.
import type { PlotData } from '../core/index';
import {
  isCalculusOffer,
  isEquationModel,
  parseCalculusFromWebview,
  parseCalculusToWebview,
  type CalculusFromWebview,
  type CalculusOffer,
  type CalculusStrings,
  type CalculusToWebview,
  type EquationModel,
} from './calculusMessages';
import { arrayOf, isBoolean, isCheck, isCount, isNumber, isObject, isString, shape, type Guard } from './guards';

/** The plot's samples, computed by the core (src/core/plot.ts). */
export type { PlotData };

/** The panel's viewType (also the serializer's id and the `onWebviewPanel:` activation event). */
export const PANEL_VIEW_TYPE = 'derivative.explainPanel';

/** Orders the panel offers (d/dx, d²/dx², d³/dx³). */
export const PANEL_ORDERS = [1, 2, 3] as const;
export type PanelOrder = (typeof PANEL_ORDERS)[number];

// ──── What the panel shows ──────────────────────────────────

/** One step of the explanation, ready to render: a rule applied, or the simplification that ends an order. */
export interface PanelStep {
  kind: 'rule' | 'simplification';
  /** Rule id from the core ('product', 'chain:sin', …; 'simplify'). */
  rule: string;
  /** The rule's name, or "Simplification" (localized). */
  name: string;
  /** Said after the name: the constant factor kept in front; what the simplification did (localized). */
  note?: string;
  /** The identity with generic parts, (u·v)′ = u′v + uv′; the identities the simplification used. */
  identityLatex: string;
  /** The parts the identity names: u = x^{2}, v = \sin(x) (empty for the simplification). */
  substitutionsLatex: string;
  /** d/dx[…] = the identity with the parts substituted = the result; raw = simplified for the simplification. */
  substitutedLatex: string;
  /** The factor the simplification pulled out. */
  factorLatex?: string;
  /** 0 = the whole expression. */
  depth: number;
  /** Which derivative order the step belongs to (1-based). */
  order: number;
}

/** Verification as the badge shows it. */
export interface PanelVerification {
  verified: boolean;
  method: string;
  points: number;
  maxRelError: number;
  reason?: string;
}

interface ModelBase {
  /** The selected text the panel explains (shown as text, never as markup). */
  source: string;
  /** Localized name of the notation it was read in. */
  dialectLabel: string;
  /** File name of the document the selection is in. */
  documentName: string;
  /** How the input was read where a person may have meant otherwise (English, from the core). */
  warnings?: string[];
}

export interface ScalarModel extends ModelBase {
  kind: 'scalar';
  /** The input as read; `latexOperand` is its LaTeX to write right after the operator. */
  input: { plain: string; latex: string; latexOperand: string };
  /** Free symbols, most likely variable first. */
  variables: string[];
  wrt: string;
  order: number;
  /** The highest order offered, when below 3 (2 for a gradient, whose next order is the Hessian). */
  maxOrder?: number;
  result: {
    /** In the source dialect (what Copy and Insert use). */
    code: string;
    plain: string;
    latex: string;
    /** `\frac{d}{dx}` of the right order and variable. */
    operatorLatex: string;
  };
  verification: PanelVerification;
  steps: PanelStep[];
  /** Present for single-variable input. */
  plot?: PlotData;
  /** The calculus sections offered (tangent line, Taylor polynomial, …: one-variable input). */
  calculus?: CalculusOffer;
  /** The panel can write into the document it came from. */
  canInsert: boolean;
}

/** One symbol or intermediate of a matrix expression. */
export interface ShapeRow {
  /** As written in the source notation. */
  name: string;
  /** Typeset as the result and the derivation write it (`lam` is `\lambda`). */
  latex: string;
  shape: string;
  /** Localized: variable, symbol, intermediate, input, derivative. */
  role: string;
}

/** One line of the index-notation working: a sentence, the identities it used, and the equation in LaTeX. */
export interface IndexStep {
  text: string;
  latex: string;
  /** The identities applied (LaTeX), with the variable's own symbol. */
  identities: string[];
  /** Code in the source notation, when the step ends in matrix notation. */
  code?: string;
}

export interface MatrixModel extends ModelBase {
  kind: 'matrix';
  /** The input as read; `latexOperand` is its LaTeX to write right after the operator. */
  input: { plain: string; latex: string; latexOperand: string };
  variables: string[];
  wrt: string;
  order: number;
  /** Localized: gradient, Jacobian, Hessian, … and the result's shape. */
  resultKind: string;
  shape: string;
  result: {
    code: string;
    latex: string;
    operatorLatex: string;
  };
  /** The layout used (the setting derivative.layout for a Jacobian), in words; `other` when the toggle applies (Jacobians). */
  layout: {
    current: 'numerator' | 'denominator';
    note: string;
    other?: { layout: 'numerator' | 'denominator' };
  };
  shapes: ShapeRow[];
  /** How indices are named and summed, said once above the derivation. */
  convention: string;
  /** The derivation: the expression in index form, the rules applied, the deltas removed, back to matrices. */
  derivation: IndexStep[];
  /**
   * The result with its repeated subexpressions named (`s = sigmoid(W*x)` once, then the result in
   * terms of s), when some repeat: shown first, with its own Copy and Insert.
   */
  named?: NamedResult;
  numpy: string;
  einsum: string;
  gradientCheck: string;
  /** Why there is no matrix form (a tensor result). */
  note?: string;
  verification: PanelVerification;
  canInsert: boolean;
}

/** A matrix result in terms of names for its repeated subexpressions. */
export interface NamedResult {
  /** Definitions as assignments, then the result, in the source notation: runs as written (LaTeX: the equation with its "where"). */
  code: string;
  /** The result in terms of the names, then "where s = …". */
  latex: string;
}

export interface ErrorModel extends ModelBase {
  kind: 'error';
  message: string;
  /** 1-based column within `source`, when the error points at one. */
  column?: number;
}

/** Nothing to explain yet (no selection). */
export interface EmptyModel {
  kind: 'empty';
  hint: string;
}

export type PanelModel = ScalarModel | MatrixModel | ErrorModel | EmptyModel | EquationModel;

/** Localized labels of the webview (filled by the extension with vscode.l10n.t). */
export interface PanelStrings extends CalculusStrings {
  title: string;
  inputHeading: string;
  /** Heading of the notes on how the input was read. */
  readingNotes: string;
  dialect: string;
  variables: string;
  variable: string;
  resultHeading: string;
  copy: string;
  insert: string;
  /** Insert of the named form: its definitions, then the result. */
  insertNamed: string;
  /** Heading over the result as one expression, below its named form. */
  withoutNames: string;
  copied: string;
  inserted: string;
  verified: string;
  /** {0} points, {1} largest relative error. */
  verifiedDetail: string;
  unverified: string;
  stepsHeading: string;
  /** {0} number of steps. */
  stepsSummary: string;
  /** {0} the order. */
  orderGroup: string;
  /** Between a rule's identity and the parts it names: "(u·v)′ = u′v + uv′, with u = x²". */
  stepWith: string;
  /** Before the factor a simplification pulled out. */
  commonFactor: string;
  /** Before the identities a simplification used. */
  identityUsed: string;
  plotHeading: string;
  plotFunction: string;
  plotDerivative: string;
  plotTangent: string;
  tangentPoint: string;
  /** {0} variable, {1} from, {2} to. */
  domainBetween: string;
  /** {0} variable, {1} from. */
  domainFrom: string;
  /** {0} variable, {1} to. */
  domainTo: string;
  order: string;
  follow: string;
  followHint: string;
  computing: string;
  errorHeading: string;
  /** {0} column. */
  errorColumn: string;
  source: string;
  matrixHeading: string;
  shapeTable: string;
  symbol: string;
  shape: string;
  role: string;
  indexForm: string;
  layout: string;
  layoutNumerator: string;
  layoutDenominator: string;
  /** The layout toggle: 'Switch to {0}' with the other layout's name. */
  layoutSwitch: string;
  numpy: string;
  einsum: string;
  gradientCheck: string;
  controls: string;
}

// ──── Messages ──────────────────────────────────────────────

/** Controls the end-to-end tests may press through the `click` message. */
export const CONTROL_IDS = ['copy-result', 'insert', 'copy-named', 'insert-named', 'order-1', 'order-2', 'order-3', 'follow', 'layout', 'copy-numpy', 'copy-einsum', 'copy-check'] as const;
export type ControlId = (typeof CONTROL_IDS)[number];

/** What the Copy buttons copy (the extension looks the text up in its own model). */
export const COPY_FIELDS = ['result', 'named', 'numpy', 'einsum', 'gradientCheck'] as const;
export type CopyField = (typeof COPY_FIELDS)[number];

export type ToWebview =
  | { type: 'init'; strings: PanelStrings }
  | { type: 'busy'; busy: boolean }
  | { type: 'render'; renderId: number; model: PanelModel; follow: boolean; origin?: PanelOrigin }
  | { type: 'status'; text: string }
  /** Tests: press a control the way a person would. */
  | { type: 'click'; control: ControlId }
  /** Tests: render a LaTeX string with the panel's KaTeX settings and report what came out. */
  | { type: 'probe'; probeId: number; latex: string }
  | CalculusToWebview;

/** What the webview rendered, reported back after every render (tests and timing). */
export interface RenderReport {
  kind: PanelModel['kind'];
  /** Rendered step items. */
  steps: number;
  /** A plot canvas is on the page. */
  plot: boolean;
  /** The matrix shape table is on the page. */
  shapeTable: boolean;
  /** Math blocks rendered and how many KaTeX refused. */
  math: number;
  mathErrors: number;
  /** Markup that must never come from user text: links, images, data-* attributes. */
  links: number;
  images: number;
  dataAttributes: number;
  /** The page's visible text (for assertions), shortened. */
  text: string;
  /** From the message's arrival to the end of rendering, milliseconds. */
  ms: number;
  /** From the start of the page (its navigation) to the end of rendering, and to the script's start. */
  pageMs: number;
  scriptStartMs: number;
}

export interface ProbeReport {
  links: number;
  images: number;
  dataAttributes: number;
  errors: number;
  text: string;
}

export type FromWebview =
  | { type: 'ready' }
  | { type: 'rendered'; renderId: number; report: RenderReport }
  | { type: 'copy'; field: CopyField }
  /** `named`: the named form (definitions, then the result); otherwise the result as one expression. */
  | { type: 'insert'; form?: 'named' }
  | { type: 'setOrder'; order: PanelOrder }
  | { type: 'setVariable'; wrt: string }
  | { type: 'setFollow'; follow: boolean }
  | { type: 'setLayout'; layout: 'numerator' | 'denominator' }
  | { type: 'probed'; probeId: number; report: ProbeReport }
  | { type: 'error'; message: string }
  | CalculusFromWebview;

/** State the webview keeps across reloads (vscode.setState), and hands to the serializer. */
export interface PanelState {
  model?: PanelModel;
  follow: boolean;
  /** Where the explained selection is, to compute again after a reload. */
  origin?: PanelOrigin;
}

export interface PanelOrigin {
  uri: string;
  /** Selection offsets in the document. */
  start: number;
  end: number;
  wrt?: string;
  order: number;
}

// ──── Validation ────────────────────────────────────────────

const isNumberOrNull = (value: unknown): value is number | null => value === null || isNumber(value);
const oneOf =
  <T extends string | number>(values: readonly T[]): Guard<T> =>
  (value): value is T =>
    values.includes(value as T);
const guardOf =
  (fields: Record<string, Guard<unknown>>, optional?: Record<string, Guard<unknown>>): Guard<unknown> =>
  (value): value is unknown =>
    shape(value, fields, optional);

/** A variable's name as the core gives it (core/api.ts VARIABLE_NAME, which this layer may not import): Python's θ too. */
export const isVariableName = (value: unknown): value is string => isString(value) && /^[\p{L}_][\p{L}\p{N}_]*$/u.test(value) && value.length <= 64;

const isRenderReport = guardOf({
  kind: oneOf(['scalar', 'matrix', 'error', 'empty', 'equation']),
  steps: isCount,
  plot: isBoolean,
  shapeTable: isBoolean,
  math: isCount,
  mathErrors: isCount,
  links: isCount,
  images: isCount,
  dataAttributes: isCount,
  text: isString,
  ms: isNumber,
  pageMs: isNumber,
  scriptStartMs: isNumber,
}) as Guard<RenderReport>;

const isProbeReport = guardOf({ links: isCount, images: isCount, dataAttributes: isCount, errors: isCount, text: isString }) as Guard<ProbeReport>;

/** The webview's messages, checked field by field; anything else is undefined. */
export function parseFromWebview(data: unknown): FromWebview | undefined {
  if (!isObject(data)) return undefined;
  const ok = (fields: Record<string, Guard<unknown>>) => shape(data, fields);
  switch (data.type) {
    case 'ready':
      return { type: data.type };
    case 'insert':
      if (data.form === undefined) return { type: 'insert' };
      return data.form === 'named' ? { type: 'insert', form: 'named' } : undefined;
    case 'rendered':
      return ok({ renderId: isCount, report: isRenderReport }) ? (data as FromWebview) : undefined;
    case 'copy':
      return ok({ field: oneOf(COPY_FIELDS) }) ? { type: 'copy', field: data.field as CopyField } : undefined;
    case 'setOrder':
      return ok({ order: oneOf(PANEL_ORDERS) }) ? { type: 'setOrder', order: data.order as PanelOrder } : undefined;
    case 'setVariable':
      return ok({ wrt: isVariableName }) ? { type: 'setVariable', wrt: data.wrt as string } : undefined;
    case 'setFollow':
      return ok({ follow: isBoolean }) ? { type: 'setFollow', follow: data.follow as boolean } : undefined;
    case 'setLayout':
      return ok({ layout: oneOf(['numerator', 'denominator']) }) ? { type: 'setLayout', layout: data.layout as 'numerator' | 'denominator' } : undefined;
    case 'probed':
      return ok({ probeId: isCount, report: isProbeReport }) ? (data as FromWebview) : undefined;
    case 'error':
      return ok({ message: isString }) ? { type: 'error', message: String(data.message).slice(0, 2000) } : undefined;
    default:
      return parseCalculusFromWebview(data);
  }
}

const isStep = guardOf(
  { kind: oneOf(['rule', 'simplification']), rule: isString, name: isString, identityLatex: isString, substitutionsLatex: isString, substitutedLatex: isString, depth: isCount, order: isCount },
  { note: isString, factorLatex: isString },
);
const isPair = (value: unknown): value is [number, number] => Array.isArray(value) && value.length === 2 && value.every(isNumber);
const isPlot = guardOf(
  {
    variable: isString,
    x: arrayOf(isNumber),
    f: arrayOf(isNumberOrNull),
    derivative: arrayOf(isNumberOrNull),
    slope: arrayOf(isNumberOrNull),
    yRange: isPair,
    tangentIndex: isCount,
    breaks: arrayOf(isNumber),
  },
  { domain: guardOf({}, { from: isNumber, to: isNumber }) },
);
const base = { source: isString, dialectLabel: isString, documentName: isString };
const isInputAsRead = guardOf({ plain: isString, latex: isString, latexOperand: isString });
/** What the scalar and the matrix model both say: the input as read, its variables, the order. */
const derivativeBase = { ...base, input: isInputAsRead, variables: arrayOf(isString), wrt: isString, order: isCount };
/** Optional on every model: how the input was read where a person may have meant otherwise. */
const optional = { warnings: arrayOf(isString) };
const isLayout = oneOf(['numerator', 'denominator']);
const isIndexStep = guardOf({ text: isString, latex: isString, identities: arrayOf(isString) }, { code: isString });

/** A model as the webview accepts it (from a message or from its saved state). */
export function isPanelModel(value: unknown): value is PanelModel {
  if (!isObject(value)) return false;
  switch (value.kind) {
    case 'empty':
      return shape(value, { hint: isString });
    case 'equation':
      return isEquationModel(value);
    case 'error':
      return shape(value, { ...base, message: isString }, { column: isCount });
    case 'scalar':
      return shape(
        value,
        {
          ...derivativeBase,
          result: guardOf({ code: isString, plain: isString, latex: isString, operatorLatex: isString }),
          verification: isCheck,
          steps: arrayOf(isStep),
          canInsert: isBoolean,
        },
        { plot: isPlot, calculus: isCalculusOffer, ...optional },
      );
    case 'matrix':
      return shape(
        value,
        {
          ...derivativeBase,
          resultKind: isString,
          shape: isString,
          result: guardOf({ code: isString, latex: isString, operatorLatex: isString }),
          layout: guardOf(
            { current: isLayout, note: isString },
            { other: guardOf({ layout: isLayout }) },
          ),
          shapes: arrayOf(guardOf({ name: isString, latex: isString, shape: isString, role: isString })),
          convention: isString,
          derivation: arrayOf(isIndexStep),
          numpy: isString,
          einsum: isString,
          gradientCheck: isString,
          verification: isCheck,
          canInsert: isBoolean,
        },
        { note: isString, named: guardOf({ code: isString, latex: isString }), ...optional },
      );
    default:
      return false;
  }
}

/** The extension's messages as the webview accepts them. */
export function parseToWebview(data: unknown): ToWebview | undefined {
  if (!isObject(data)) return undefined;
  switch (data.type) {
    case 'init':
      return isObject(data.strings) && Object.values(data.strings).every(isString) ? (data as ToWebview) : undefined;
    case 'busy':
      return isBoolean(data.busy) ? { type: 'busy', busy: data.busy } : undefined;
    case 'render':
      return isCount(data.renderId) && isBoolean(data.follow) && isPanelModel(data.model) && (data.origin === undefined || isOrigin(data.origin))
        ? (data as ToWebview)
        : undefined;
    case 'status':
      return isString(data.text) ? { type: 'status', text: data.text } : undefined;
    case 'click':
      return oneOf(CONTROL_IDS)(data.control) ? { type: 'click', control: data.control } : undefined;
    case 'probe':
      return isCount(data.probeId) && isString(data.latex) ? { type: 'probe', probeId: data.probeId, latex: data.latex } : undefined;
    default:
      return parseCalculusToWebview(data);
  }
}

/** Saved webview state, when it is well-formed. */
export function parsePanelState(value: unknown): PanelState | undefined {
  if (!isObject(value) || !isBoolean(value.follow)) return undefined;
  const state: PanelState = { follow: value.follow };
  if (value.model !== undefined && isPanelModel(value.model)) state.model = value.model;
  if (isOrigin(value.origin)) state.origin = value.origin;
  return state;
}

function isOrigin(value: unknown): value is PanelOrigin {
  return shape(value, { uri: isString, start: isCount, end: isCount, order: isCount }, { wrt: isVariableName });
}
