// Configuration for @vscode/test-cli (`npm run test:electron`): the same compiled e2e suite as
// `npm run test:e2e`, run in a desktop VS Code that @vscode/test-electron downloads on first use
// (into .vscode-test/). That download needs update.code.visualstudio.com, which this project's
// machines cannot reach: here use `npm run test:e2e` (code-server), or point
// VSCODE_EXECUTABLE_PATH at an installed VS Code. VSCODE_VERSION picks the version to download.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A fresh workspace per run: a copy of test/e2e/workspace/ when it exists.
const workspaceFolder = path.join(mkdtempSync(path.join(os.tmpdir(), 'derivative-electron-')), 'workspace');
if (existsSync('test/e2e/workspace')) cpSync('test/e2e/workspace', workspaceFolder, { recursive: true });
else mkdirSync(workspaceFolder, { recursive: true });

export default defineConfig({
  label: 'e2e',
  files: 'out/test/e2e/suite/**/*.e2e.test.js',
  version: process.env.VSCODE_VERSION ?? 'stable',
  ...(process.env.VSCODE_EXECUTABLE_PATH ? { useInstallation: { fromPath: process.env.VSCODE_EXECUTABLE_PATH } } : {}),
  workspaceFolder,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  // Same UI and timeout as test/e2e/suite/index.ts.
  mocha: { ui: 'tdd', timeout: 60_000, color: true },
});
