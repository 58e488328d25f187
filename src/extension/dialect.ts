// Which notation a document is written in: VS Code languageId → core Dialect. No vscode import.
import type { Dialect } from '../core/api';

/** Value of the `derivative.dialect` setting. */
export type DialectSetting = 'auto' | Dialect;

/** Language ids this extension understands, with the dialect each one is read in. */
const LANGUAGE_DIALECTS: Readonly<Record<string, Dialect>> = {
  python: 'python', // also Jupyter notebook code cells
  javascript: 'javascript',
  typescript: 'javascript',
  javascriptreact: 'javascript',
  typescriptreact: 'javascript',
  latex: 'latex',
  tex: 'latex',
  markdown: 'latex', // math in Markdown is LaTeX between $…$ / $$…$$
  plaintext: 'plain',
  matlab: 'matlab',
  octave: 'matlab',
  julia: 'julia',
  c: 'c',
  cpp: 'c',
  'cuda-cpp': 'c',
};

/** Language ids with an `onLanguage` activation event (kept equal to package.json). */
export const SUPPORTED_LANGUAGES: readonly string[] = Object.keys(LANGUAGE_DIALECTS);

/**
 * The dialect to read a selection in: the setting when it names one, else the document's
 * language, else plain math.
 */
export function resolveDialect(languageId: string, setting: DialectSetting = 'auto'): Dialect {
  if (setting !== 'auto') return setting;
  return LANGUAGE_DIALECTS[languageId] ?? 'plain';
}

/** How the inserted line is written: like the dialect, except Markdown, which wraps math in `$$`. */
export type InsertionStyle = Dialect | 'markdown';

export function insertionStyle(languageId: string, dialect: Dialect): InsertionStyle {
  return dialect === 'latex' && languageId === 'markdown' ? 'markdown' : dialect;
}
