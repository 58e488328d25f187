// End-to-end tests in a real VS Code: code-server (VS Code 1.139 served to a browser) driven by
// headless Debian chromium through playwright-core. How it works and its pitfalls: docs/testing.md.
//
//   npm run test:e2e [-- --grep PATTERN] [--no-build] [--no-ui] [--timeout SECONDS] [--verbose]
//
// 1. builds the extension (npm run build) and the suite (test/e2e/build.mjs -> out/test/e2e/suite/);
// 2. installs the tools if needed (scripts/tools.mjs: Node 24, code-server, chromium);
// 3. starts code-server on a free port with fresh user data, on a fresh workspace (a copy of
//    test/e2e/workspace/ when it exists);
// 4. API tests: opens the workbench with extensionDevelopmentPath = this repo and extensionTestsPath =
//    the compiled suite index; mocha runs in the extension host, its output arrives through
//    `codeAutomationLog`, its exit code through `codeAutomationExit`;
// 5. UI flows (test/e2e/flows/*.flow.mjs, see test/e2e/ui.mjs): a person's keyboard in a second page;
// 6. prints `e2e: N passed, M failed` (mocha tests + UI flows), exits non-zero on any failure, a
//    timeout or a harness error, and always stops code-server and chromium. Failure screenshots and
//    VS Code's logs go to test-artifacts/.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { ensureTools, repoRoot } from '../../scripts/tools.mjs';
import { startCodeServer } from '../../scripts/code-server.mjs';
import { buildSuite } from './build.mjs';
import { artifactsDir, launchBrowser, runFlows } from './ui.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'no-ui': { type: 'boolean', default: false },
    timeout: { type: 'string', default: process.env.E2E_TIMEOUT ?? '300' },
    verbose: { type: 'boolean', default: false },
  },
});
const timeoutMs = Number(opts.timeout) * 1000;
const started = Date.now();
const log = (msg) => process.stdout.write(`[e2e] ${msg}\n`);

const counts = { passed: 0, failed: 0, pending: 0 };
/** Everything the workbench logged, saved to test-artifacts/e2e-console.log. */
const consoleLog = [];
let harnessError;
let server;
let browser;
let workspace;

async function apiTests() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let gotResult = false;
  let finish;
  const exited = new Promise((resolve) => (finish = resolve));

  // The workbench forwards its own log and the extension host's console here; a message is the JSON
  // of console's arguments (printf style). Workbench chatter is kept out of stdout (it goes to
  // test-artifacts/e2e-console.log) until the suite announces itself.
  let suiteStarted = false;
  await page.exposeFunction('codeAutomationLog', (type, message) => {
    const text = formatMessage(message);
    consoleLog.push(`[${type}] ${text}`);
    for (const line of text.split('\n')) {
      const m = /^E2E_RESULT (\{.*\})$/.exec(line.trim());
      if (m) {
        const r = JSON.parse(m[1]);
        counts.passed += r.passed;
        counts.failed += r.failed;
        counts.pending += r.pending;
        gotResult = true;
        suiteStarted = false;
        continue;
      }
      if (line.startsWith('e2e suite:')) suiteStarted = true;
      const workbenchNoise = /\/static\/out\/vs\/|ENOTFOUND|^Canceled/.test(text);
      if (opts.verbose || (suiteStarted && !(type === 'error' && workbenchNoise))) {
        process.stdout.write(`${type === 'error' ? '! ' : ''}${line}\n`);
      }
    }
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    if (code !== 0 && Array.isArray(logs)) saveLogs(logs);
    finish(code);
  });
  page.on('pageerror', (err) => opts.verbose && log(`page error: ${err.message}`));
  if (opts.verbose) page.on('console', (m) => log(`page ${m.type()}: ${m.text()}`));

  const remote = (p) => `vscode-remote://${server.authority}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index'))],
    ['skipWelcome', 'true'],
  ];
  const url = `${server.folderUrl(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`opening the workbench: ${server.url}/?folder=${workspace}&payload=...`);
  await page.goto(url);

  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const code = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (code === 'timeout') {
    await screenshot(page, 'e2e-timeout');
    throw new Error(`the suite did not finish within ${timeoutMs / 1000} s`);
  }
  if (code !== 0) await screenshot(page, 'e2e-failure');
  if (!gotResult) throw new Error(`the extension host exited with code ${code} before mocha reported results`);
  if (code !== 0 && counts.failed === 0) throw new Error(`the extension host exited with code ${code}`);
  await page.close();
}

function formatMessage(message) {
  if (Array.isArray(message)) return format(...message);
  if (typeof message !== 'string') return format(message);
  if (message.startsWith('[')) {
    try {
      const args = JSON.parse(message);
      if (Array.isArray(args)) return format(...args);
    } catch {
      // not JSON after all
    }
  }
  return message;
}

async function screenshot(page, name) {
  try {
    mkdirSync(artifactsDir, { recursive: true });
    const file = path.join(artifactsDir, `${name}.png`);
    await page.screenshot({ path: file });
    log(`screenshot: ${path.relative(repoRoot, file)}`);
  } catch (err) {
    log(`(no screenshot: ${err.message})`);
  }
}

function saveLogs(logs) {
  const dir = path.join(artifactsDir, 'vscode-logs');
  for (const { relativePath, contents } of logs) {
    const file = path.join(dir, relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
  log(`VS Code logs: ${path.relative(repoRoot, dir)}/`);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

async function cleanup() {
  if (consoleLog.length) {
    mkdirSync(artifactsDir, { recursive: true });
    writeFileSync(path.join(artifactsDir, 'e2e-console.log'), consoleLog.join('\n') + '\n');
    consoleLog.length = 0;
  }
  await browser?.close().catch(() => {});
  browser = undefined;
  await server?.stop();
  server = undefined;
  if (workspace) rmSync(path.dirname(workspace), { recursive: true, force: true });
  workspace = undefined;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    log(`${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

try {
  if (opts.grep) process.env.DERIVATIVE_E2E_GREP = opts.grep; // read by the suite index in the extension host
  if (!opts['no-build']) {
    run('npm', ['run', '--silent', 'build']);
  }
  if (!existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build`');
  await buildSuite();
  const tools = ensureTools({ browser: true });
  if (tools.python) process.env.DERIVATIVE_E2E_PYTHON = tools.python; // Python with numpy, for tests that run generated code

  workspace = path.join(mkdtempSync(path.join(os.tmpdir(), 'derivative-e2e-')), 'workspace');
  const fixtures = path.join(repoRoot, 'test', 'e2e', 'workspace');
  if (existsSync(fixtures)) cpSync(fixtures, workspace, { recursive: true });
  else mkdirSync(workspace, { recursive: true });

  rmSync(artifactsDir, { recursive: true, force: true });
  server = await startCodeServer({ tools, folder: workspace, port: 0, tmpPrefix: 'derivative-e2e-server-' });
  log(`code-server ${server.url} (ready ${((Date.now() - started) / 1000).toFixed(1)} s after start)`);
  browser = await launchBrowser(tools);

  await apiTests();
  if (!opts['no-ui']) {
    const r = await runFlows({ browser, server, grep: opts.grep, log });
    counts.passed += r.passed;
    counts.failed += r.failed;
  }
} catch (err) {
  harnessError = err;
  process.stdout.write(`[e2e] ERROR: ${err instanceof Error ? err.message : err}\n`);
  if (server && opts.verbose) log(`code-server log: ${server.logFile}`);
} finally {
  await cleanup();
}

log(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (harnessError && counts.failed === 0) {
  log('the harness failed before every test could report; counted as 1 failure');
  counts.failed = 1;
}
const skipped = counts.pending ? `, ${counts.pending} skipped` : '';
process.stdout.write(`e2e: ${counts.passed} passed, ${counts.failed} failed${skipped}\n`);
process.exit(harnessError || counts.failed > 0 ? 1 : 0);
