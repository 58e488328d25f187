// Drives the VS Code workbench as a person would — keyboard, command palette, what is on screen —
// in code-server + headless chromium, and takes screenshots to test-artifacts/.
//
// UI flows live in test/e2e/flows/*.flow.mjs and run after the API tests in `npm run test:e2e`
// (or alone: `node test/e2e/ui.mjs [PATTERN]`). A flow module exports:
//   name      a title (matched by --grep / PATTERN)
//   folder    optional, repo-relative folder copied fresh as the workspace (default: examples)
//   settings  optional workspace settings (written to .vscode/settings.json of the copy)
//   run(wb, { assert })   drives `wb`, a Workbench (below); throw to fail
// The extension is loaded from this repo as a development extension (no packaging needed).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot } from '../../scripts/tools.mjs';

export const artifactsDir = path.join(repoRoot, 'test-artifacts');
const flowsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'flows');

/** Headless Debian chromium with the flags from the recipe (playwright gives it a fresh profile). */
export async function launchBrowser(tools) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const isMac = process.platform === 'darwin';
const mod = isMac ? 'Meta' : 'Control';
const nbsp = /\u00a0/g;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One workbench page on one folder. */
export class Workbench {
  /** @param {import('playwright-core').Page} page */
  constructor(page, folder) {
    this.page = page;
    this.folder = folder;
  }

  /** The active editor (Monaco) of the active editor group. */
  get editor() {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /**
   * Quick Open (Ctrl+P): types `name` (a file name, or `folder/name` to tell files of the same name
   * apart), opens the entry of exactly that file once it is the selected one, waits for its tab.
   */
  async openFile(name) {
    const base = path.basename(name);
    const folder = path.dirname(name) === '.' ? undefined : path.dirname(name);
    await this.page.keyboard.press(`${mod}+P`);
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await this.page.keyboard.type(name, { delay: 10 });
    await this.pickQuickInputEntry(
      (row) => row.label === base && (!folder || row.description.replace(/\\/g, '/').endsWith(folder)),
      `Quick Open entry "${name}"`,
    );
    await this.page.locator('.editor-group-container.active .tab.active', { hasText: base }).waitFor();
    await this.editor.locator('.view-lines').waitFor();
    await this.focusEditor();
  }

  async focusEditor() {
    await this.editor.locator('.view-lines').click({ position: { x: 5, y: 5 } }).catch(() => {});
    await this.page.keyboard.press(`${mod}+Home`);
  }

  /** The visible lines of the active editor, as a person reads them (non-breaking spaces made plain). */
  async editorText() {
    const lines = await this.editor.locator('.view-lines .view-line').evaluateAll((els) =>
      els
        .map((el) => ({ top: parseFloat(/** @type {HTMLElement} */ (el).style.top) || 0, text: el.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
    return lines.join('\n').replace(nbsp, ' ');
  }

  /**
   * Waits until the editor shows something other than `before`, the same on two reads in a row (an edit
   * renders in steps: a new line can show empty for a frame before its text); returns it.
   */
  async waitForEditorChange(before, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    let changed;
    for (;;) {
      const now = await this.editorText();
      if (now !== before && now === changed) return now;
      changed = now !== before ? now : undefined;
      if (Date.now() > deadline) throw new Error(`the editor text did not change and settle within ${timeoutMs / 1000} s`);
      await sleep(200);
    }
  }

  /** Go to Line (Ctrl+G) `line`, column `column` (1-based). */
  async goTo(line, column = 1) {
    await this.page.keyboard.press(`${mod}+G`);
    await this.page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
  }

  /** Selects the first occurrence of `text` after the cursor with Find (Ctrl+F, type, Escape). */
  async selectText(text) {
    await this.page.keyboard.press(`${mod}+F`);
    const find = this.page.locator('.editor-group-container.active .find-widget.visible textarea, .editor-group-container.active .find-widget.visible input').first();
    await find.waitFor({ state: 'visible' });
    await find.fill(text);
    await this.page.locator('.editor-group-container.active .find-widget.visible .matchesCount').filter({ hasNotText: /No results/i }).waitFor();
    await this.page.keyboard.press('Enter');
    await sleep(100);
    await this.page.keyboard.press('Escape');
    await this.editor.locator('.selected-text').first().waitFor();
  }

  /** Command palette (F1): types `title`, runs the entry labelled exactly `title` once it is the selected one. */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    await this.page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await this.page.keyboard.type(title, { delay: 5 });
    await this.pickQuickInputEntry((row) => row.label === title, `command "${title}"`);
  }

  /**
   * Presses Enter in the open quick input (Quick Open, the command palette, a quick pick) once its
   * selected row is one `isWanted` accepts, on two looks in a row. The list filters asynchronously
   * after typing (Quick Open merges its file search into the history matches later), so a row that
   * merely matches can sit below a stale selection, and Enter too early opens another file or runs
   * another command. When the list has stopped changing with the wanted row elsewhere, the arrow keys
   * move the selection to it. Throws, naming what was listed, if it never gets selected.
   * @param {(row: { label: string, description: string }) => boolean} isWanted
   * @param {string} what  for the error message
   */
  async pickQuickInputEntry(isWanted, what, timeoutMs = 10_000) {
    // Rows of the list itself, not the tree's sticky copies of separators.
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row:not(.monaco-tree-sticky-row)');
    const deadline = Date.now() + timeoutMs;
    let listed = '';
    let unchangedSince = Date.now();
    let wantedSelectedBefore = false;
    for (;;) {
      const entries = (
        await rows.evaluateAll((els) =>
          els.map((el) => ({
            index: Number(el.getAttribute('data-index')),
            label: el.querySelector('.label-name')?.textContent ?? '',
            description: el.querySelector('.label-description')?.textContent ?? '',
            selected: el.classList.contains('focused'),
          })),
        )
      )
        .map((e) => ({ ...e, label: e.label.replace(nbsp, ' ').trim(), description: e.description.replace(nbsp, ' ').trim() }))
        .sort((a, b) => a.index - b.index);
      const selected = entries.find((e) => e.selected);
      const wantedSelected = selected !== undefined && isWanted(selected);
      if (wantedSelected && wantedSelectedBefore) {
        await this.page.keyboard.press('Enter');
        return;
      }
      wantedSelectedBefore = wantedSelected;
      const now = entries.map((e) => `${e.selected ? '> ' : ''}${e.label}${e.description ? ` (${e.description})` : ''}`).join(' | ');
      if (now !== listed) {
        listed = now;
        unchangedSince = Date.now();
      }
      const wanted = entries.find((e) => isWanted(e));
      if (wanted && selected && !wantedSelected && Date.now() - unchangedSince >= 500) {
        await this.page.keyboard.press(wanted.index > selected.index ? 'ArrowDown' : 'ArrowUp');
      }
      if (Date.now() > deadline) {
        throw new Error(`${what} was not the selected entry within ${timeoutMs / 1000} s (listed: ${listed || 'nothing'})`);
      }
      await sleep(100);
    }
  }

  /** Text of the visible notification toasts. */
  async notifications() {
    return (await this.page.locator('.notification-toast .notification-list-item-message').allTextContents()).map((t) => t.replace(nbsp, ' '));
  }

  /** Saves test-artifacts/NAME.png and returns its path. */
  async screenshot(name) {
    mkdirSync(artifactsDir, { recursive: true });
    const file = path.join(artifactsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

/**
 * Opens a workbench page on `folder` with this repo's extension loaded as a development extension.
 * @param {{ browser: import('playwright-core').Browser, server: Awaited<ReturnType<typeof import('../../scripts/code-server.mjs').startCodeServer>>, folder: string }} o
 */
export async function openWorkbench({ browser, server, folder }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${server.authority}${repoRoot}`],
    ['skipWelcome', 'true'],
  ];
  await page.goto(`${server.folderUrl(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The explorer lists the folder once the remote connection and file service are up.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  await sleep(1000); // let the extension host finish starting (the palette lists commands from the manifest)
  return new Workbench(page, folder);
}

/** Loads the flow modules (test/e2e/flows/*.flow.mjs) whose name matches `grep`. */
export async function loadFlows(grep) {
  if (!existsSync(flowsDir)) return [];
  const files = readdirSync(flowsDir).filter((f) => f.endsWith('.flow.mjs')).sort();
  const flows = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(flowsDir, f)).href);
    const flow = { file: f, name: mod.name ?? f, folder: mod.folder ?? 'examples', settings: mod.settings, run: mod.run };
    if (!grep || new RegExp(grep, 'i').test(flow.name)) flows.push(flow);
  }
  return flows;
}

/** Runs every flow in its own page on a fresh copy of its folder; a failure saves a screenshot. */
export async function runFlows({ browser, server, grep, log = console.log }) {
  const result = { passed: 0, failed: 0 };
  const flows = await loadFlows(grep);
  if (flows.length) log(`UI flows (${flows.length})`);
  for (const flow of flows) {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'derivative-ui-'));
    const folder = path.join(tmp, path.basename(flow.folder));
    cpSync(path.join(repoRoot, flow.folder), folder, { recursive: true });
    if (flow.settings) {
      mkdirSync(path.join(folder, '.vscode'), { recursive: true });
      writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify(flow.settings, null, 2));
    }
    const t0 = Date.now();
    let wb;
    try {
      wb = await openWorkbench({ browser, server, folder });
      await flow.run(wb, { assert });
      result.passed++;
      log(`  ✔ ${flow.name} (${Date.now() - t0} ms)`);
    } catch (err) {
      result.failed++;
      log(`  ✘ ${flow.name}\n      ${String(err instanceof Error ? err.message : err).split('\n').join('\n      ')}`);
      if (wb) {
        const shot = await wb.screenshot(`ui-failure-${flow.file.replace(/\.flow\.mjs$/, '')}`).catch(() => undefined);
        if (shot) log(`      screenshot: ${path.relative(repoRoot, shot)}`);
      }
    } finally {
      await wb?.page.close().catch(() => {});
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return result;
}

// Standalone: node test/e2e/ui.mjs [PATTERN]   (expects a built extension: npm run build)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { ensureTools } = await import('../../scripts/tools.mjs');
  const { startCodeServer } = await import('../../scripts/code-server.mjs');
  const tools = ensureTools({ browser: true });
  const server = await startCodeServer({ tools, port: 0, tmpPrefix: 'derivative-ui-server-' });
  let browser;
  let r = { passed: 0, failed: 1 };
  try {
    browser = await launchBrowser(tools);
    r = await runFlows({ browser, server, grep: process.argv[2] });
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
  console.log(`ui: ${r.passed} passed, ${r.failed} failed`);
  process.exit(r.failed ? 1 : 0);
}
