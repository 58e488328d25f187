// Helpers shared by the hover and code-action e2e tests (bundled into each test file).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DerivativeAssistantApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'derivative-assistant.derivative-assistant';

export async function activateExtension(): Promise<DerivativeAssistantApi> {
  const extension = vscode.extensions.getExtension<DerivativeAssistantApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.activate();
}

const EXTENSIONS: Record<string, string> = { plaintext: 'txt', python: 'py', javascript: 'js', typescript: 'ts', latex: 'tex', markdown: 'md', julia: 'jl' };
let documentCount = 0;

/**
 * Opens an untitled document of `language` holding `marked` without its marks: «…» are selected,
 * and the position of `|` (if any) is returned as `cursor`.
 */
export async function openMarked(language: string, marked: string): Promise<{ editor: vscode.TextEditor; document: vscode.TextDocument; cursor?: vscode.Position; selections: vscode.Selection[] }> {
  const cursorAt = marked.replace(/[«»]/g, '').indexOf('|');
  const content = marked.replace(/[«»|]/g, '');
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/derivative-preview-${Date.now()}-${++documentCount}.${EXTENSIONS[language] ?? 'txt'}` });
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== language) document = await vscode.languages.setTextDocumentLanguage(document, language);
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content), { undoStopBefore: false, undoStopAfter: true });
  assert.equal(document.getText(), content);
  const selections: vscode.Selection[] = [];
  const unbarred = marked.replace(/\|/g, '');
  let removed = 0;
  for (const match of unbarred.matchAll(/«([^»]*)»/g)) {
    const start = match.index - removed;
    removed += 2;
    selections.push(new vscode.Selection(document.positionAt(start), document.positionAt(start + match[1]!.length)));
  }
  editor.selections = selections.length ? selections : [new vscode.Selection(0, 0, 0, 0)];
  for (let i = 0; i < 50 && vscode.window.activeTextEditor?.document !== document; i++) await sleep(20);
  return { editor, document, selections, ...(cursorAt >= 0 ? { cursor: document.positionAt(cursorAt) } : {}) };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Closes every editor without saving and waits until their documents are closed. */
export async function closeAll(): Promise<void> {
  const documents = vscode.workspace.textDocuments.filter((d) => d.isUntitled);
  for (let i = 0; i < 30 && vscode.window.visibleTextEditors.length > 0; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (let i = 0; i < 100 && documents.some((document) => !document.isClosed); i++) await sleep(20);
}

export function metric(name: string, value: number): void {
  console.log(`metric: ${name}=${value.toFixed(1)}`);
}

/** The q-quantile (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  const [section, ...rest] = key.split('.');
  await vscode.workspace.getConfiguration(section).update(rest.join('.'), value, vscode.ConfigurationTarget.Global);
}
