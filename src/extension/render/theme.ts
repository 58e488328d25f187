// Colours and size of rendered math for the current theme. An image cannot inherit the hover's text
// colour, so it is drawn in the colour the theme gives hover text (a colour customization wins).
import * as vscode from 'vscode';
import type { RenderOptions } from './mathRenderer';

/** Hover text colour of the built-in themes (Dark Modern, Light Modern, the high-contrast ones). */
const DEFAULT_COLORS: Readonly<Record<vscode.ColorThemeKind, string>> = {
  [vscode.ColorThemeKind.Dark]: '#cccccc',
  [vscode.ColorThemeKind.Light]: '#3b3b3b',
  [vscode.ColorThemeKind.HighContrast]: '#ffffff',
  [vscode.ColorThemeKind.HighContrastLight]: '#000000',
};
/** Colour ids read from `workbench.colorCustomizations`, first match wins. */
const COLOR_IDS = ['editorHoverWidget.foreground', 'editor.foreground'];

/** Colour and size for the math in a hover over `document`. */
export function mathStyle(document?: vscode.TextDocument): RenderOptions {
  return { color: themeColor(), exPx: exPixels(document) };
}

function themeColor(): string {
  const workbench = vscode.workspace.getConfiguration('workbench');
  const customizations = workbench.get<Record<string, unknown>>('colorCustomizations') ?? {};
  const theme = workbench.get<string>('colorTheme');
  const scoped = theme ? customizations[`[${theme}]`] : undefined;
  for (const source of [scoped, customizations]) {
    if (!source || typeof source !== 'object') continue;
    for (const id of COLOR_IDS) {
      const value = (source as Record<string, unknown>)[id];
      if (typeof value === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(value)) return value;
    }
  }
  return DEFAULT_COLORS[vscode.window.activeColorTheme.kind] ?? DEFAULT_COLORS[vscode.ColorThemeKind.Dark];
}

/** Half the editor's font size: MathJax's ex is about half its em. */
function exPixels(document?: vscode.TextDocument): number {
  const size = vscode.workspace.getConfiguration('editor', document).get<number>('fontSize');
  return typeof size === 'number' && size >= 6 && size <= 100 ? size / 2 : 7;
}
