// The extension's settings, typed once and read in one place. Mirrors `contributes.configuration`
// in package.json: keep the two in step.
import * as vscode from 'vscode';
import type { DialectSetting } from './dialect';

/** Where a derivative goes. */
export type InsertMode = 'belowSelection' | 'replace' | 'clipboard';

export const INSERT_MODES: readonly InsertMode[] = ['belowSelection', 'replace', 'clipboard'];

/** Layout of Jacobians: numerator (m×n for f (m) by x (n)) or denominator (n×m). */
export type JacobianLayout = 'numerator' | 'denominator';

export const JACOBIAN_LAYOUTS: readonly JacobianLayout[] = ['numerator', 'denominator'];
const DIALECT_SETTINGS: readonly DialectSetting[] = ['auto', 'plain', 'python', 'javascript', 'latex', 'matlab', 'julia', 'c'];

export const SECTION = 'derivative';

export interface ExtensionSettings {
  /** `derivative.insertMode`: on a new line below the selection (default), in place of it, or to the clipboard. */
  insertMode: InsertMode;
  /** `derivative.dialect`: notation of selections; `auto` follows the document's language. */
  dialect: DialectSetting;
  /** `derivative.timeBudgetMs`: simplification budget handed to the core; the computation is stopped at budget + grace. */
  timeBudgetMs: number;
  /** `derivative.layout`: layout of Jacobians in results, hovers and the panel; the panel's toggle writes it. */
  layout: JacobianLayout;
}

export const DEFAULT_SETTINGS: Readonly<ExtensionSettings> = {
  insertMode: 'belowSelection',
  dialect: 'auto',
  timeBudgetMs: 2000,
  layout: 'numerator',
};

/** Extra time past the budget before a computation is stopped. */
export const TIME_LIMIT_GRACE_MS = 5000;

/**
 * Reads the settings for a document (language-specific overrides apply); invalid values fall back to
 * defaults. Through `get`, so in Restricted Mode the workspace's value of a setting package.json lists
 * in `restrictedConfigurations` (timeBudgetMs) is ignored by VS Code (`inspect` would show it: not used).
 */
export function readSettings(scope?: vscode.ConfigurationScope): ExtensionSettings {
  return extensionSettings(vscode.workspace.getConfiguration(SECTION, scope));
}

function extensionSettings(config: vscode.WorkspaceConfiguration): ExtensionSettings {
  const insertMode = config.get<string>('insertMode');
  const dialect = config.get<string>('dialect');
  const budget = config.get<number>('timeBudgetMs');
  const layout = config.get<string>('layout');
  return {
    insertMode: INSERT_MODES.includes(insertMode as InsertMode) ? (insertMode as InsertMode) : DEFAULT_SETTINGS.insertMode,
    dialect: DIALECT_SETTINGS.includes(dialect as DialectSetting) ? (dialect as DialectSetting) : DEFAULT_SETTINGS.dialect,
    timeBudgetMs: typeof budget === 'number' && budget >= 100 ? Math.min(budget, 60_000) : DEFAULT_SETTINGS.timeBudgetMs,
    layout: JACOBIAN_LAYOUTS.includes(layout as JacobianLayout) ? (layout as JacobianLayout) : DEFAULT_SETTINGS.layout,
  };
}

/** Remembers the Jacobian layout chosen in the panel, for every workspace (user settings). */
export async function writeLayout(layout: JacobianLayout): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('layout', layout, vscode.ConfigurationTarget.Global);
}

// ──── Hover previews and code actions ──────────────────────

export interface PreviewSettings {
  /** `derivative.hover.enabled`: hovering over a selection that parses shows its derivative. */
  hoverEnabled: boolean;
  /** `derivative.hover.mathSpans`: in LaTeX and Markdown, hovering inside math (`$…$`, `\[…\]`, `equation`, `align`, …) previews its derivative. */
  hoverMathSpans: boolean;
  /** `derivative.hover.assignments`: in Python and JavaScript, hovering on the right-hand side of a one-line assignment previews d(rhs)/d(variable). */
  hoverAssignments: boolean;
  /** `derivative.hover.renderMath`: draw the derivative as math (an SVG image) above its code. */
  hoverRenderMath: boolean;
  /** `derivative.codeActions.enabled`: offer derivative refactorings in the lightbulb. */
  codeActionsEnabled: boolean;
}

export const DEFAULT_PREVIEW_SETTINGS: Readonly<PreviewSettings> = {
  hoverEnabled: true,
  hoverMathSpans: true,
  hoverAssignments: false,
  hoverRenderMath: true,
  codeActionsEnabled: true,
};

function previewSettings(config: vscode.WorkspaceConfiguration): PreviewSettings {
  const flag = (key: string, fallback: boolean) => {
    const value = config.get<unknown>(key);
    return typeof value === 'boolean' ? value : fallback;
  };
  return {
    hoverEnabled: flag('hover.enabled', DEFAULT_PREVIEW_SETTINGS.hoverEnabled),
    hoverMathSpans: flag('hover.mathSpans', DEFAULT_PREVIEW_SETTINGS.hoverMathSpans),
    hoverAssignments: flag('hover.assignments', DEFAULT_PREVIEW_SETTINGS.hoverAssignments),
    hoverRenderMath: flag('hover.renderMath', DEFAULT_PREVIEW_SETTINGS.hoverRenderMath),
    codeActionsEnabled: flag('codeActions.enabled', DEFAULT_PREVIEW_SETTINGS.codeActionsEnabled),
  };
}

/** Every setting a hover or code action uses, read once per request. */
export interface DocumentSettings extends ExtensionSettings, PreviewSettings {}

export function readDocumentSettings(scope?: vscode.ConfigurationScope): DocumentSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return { ...extensionSettings(config), ...previewSettings(config) };
}
