// The user-facing side effects of the commands: quick picks, messages, the clipboard. Wrapped in
// one object so the end-to-end tests can answer them (through the API returned by activate()).
import * as vscode from 'vscode';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  /** Items under a heading: a separator titled `section` goes before the first item of each section. */
  section?: string;
  value: T;
}

export interface PickOptions<T> {
  title: string;
  placeholder?: string;
  /** The item highlighted when the pick opens (default: the first). */
  active?: T;
}

export interface InputOptions {
  title: string;
  prompt: string;
  /** Filled in and selected when the box opens (the last value used, or a default). */
  value: string;
  placeholder?: string;
  /** Checked as the user types: a message while the text is not acceptable, undefined when it is. */
  validate(text: string): string | undefined;
}

export interface Ui {
  /** A single-choice quick pick; undefined when dismissed. */
  pick<T>(items: readonly PickItem<T>[], options: PickOptions<T>): Promise<T | undefined>;
  /** A one-line input box validated as the user types; undefined when dismissed. */
  input(options: InputOptions): Promise<string | undefined>;
  /** Messages; resolve to the action button chosen, undefined when dismissed. */
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  warning(message: string, ...actions: string[]): Promise<string | undefined>;
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  writeClipboard(text: string): Promise<void>;
}

function pick<T>(items: readonly PickItem<T>[], options: PickOptions<T>): Promise<T | undefined> {
  return new Promise((resolve) => {
    const quickPick = vscode.window.createQuickPick<PickItem<T> & vscode.QuickPickItem>();
    quickPick.title = options.title;
    quickPick.placeholder = options.placeholder;
    quickPick.items = items.flatMap((item, i) =>
      item.section !== undefined && item.section !== items[i - 1]?.section ? [{ label: item.section, kind: vscode.QuickPickItemKind.Separator } as PickItem<T> & vscode.QuickPickItem, item] : [item],
    );
    const active = items.find((item) => options.active !== undefined && item.value === options.active);
    if (active) quickPick.activeItems = [active];
    let chosen: T | undefined;
    quickPick.onDidAccept(() => {
      chosen = quickPick.selectedItems[0]?.value ?? quickPick.activeItems[0]?.value;
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(chosen);
    });
    quickPick.show();
  });
}

function input(options: InputOptions): Promise<string | undefined> {
  return Promise.resolve(
    vscode.window.showInputBox({ title: options.title, prompt: options.prompt, value: options.value, placeHolder: options.placeholder, ignoreFocusOut: true, validateInput: (text) => options.validate(text) }),
  );
}

/** The real implementations. */
export const defaultUi: Readonly<Ui> = {
  pick,
  input,
  error: (message, ...actions) => Promise.resolve(vscode.window.showErrorMessage(message, ...actions)),
  warning: (message, ...actions) => Promise.resolve(vscode.window.showWarningMessage(message, ...actions)),
  info: (message, ...actions) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
  writeClipboard: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
};

/** What the commands call. Tests replace members and call resetUi() afterwards. */
export const ui: Ui = { ...defaultUi };

export function resetUi(): void {
  Object.assign(ui, defaultUi);
}
