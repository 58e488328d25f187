// Entry point of the end-to-end suite, loaded by VS Code's extension host (code-server via
// `npm run test:e2e`, or desktop VS Code via `npm run test:electron`). It exports `run()`, the contract
// of `extensionTestsPath`.
//
// UI: mocha **TDD** — `suite`, `test`, `suiteSetup`, `suiteTeardown`, `setup`, `teardown` (globals,
// typed by ./globals.d.ts). Every `*.e2e.test.ts` file under test/e2e/suite/ is compiled by
// test/e2e/build.mjs to out/test/e2e/suite/**/*.e2e.test.js and picked up here; helpers imported by a
// test are bundled into it. Set DERIVATIVE_E2E_GREP to run only matching tests.
//
// Console output reaches the test runner (test/e2e/run.mjs) through `codeAutomationLog`; the last
// line is `E2E_RESULT {"passed":N,"failed":M,"pending":K}`, from which it prints its summary.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.e2e.test.js')) found.push(full);
  }
  return found.sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    timeout: 60_000,
    grep: process.env.DERIVATIVE_E2E_GREP || undefined,
  });
  const files = findTests(__dirname);
  for (const file of files) mocha.addFile(file);
  console.log(`e2e suite: ${files.length} file(s): ${files.map((f) => path.relative(__dirname, f)).join(', ')}`);

  const counts = { passed: 0, failed: 0, pending: 0 };
  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve());
      runner.on('pass', () => counts.passed++);
      runner.on('fail', () => counts.failed++);
      runner.on('pending', () => counts.pending++);
    } catch (err) {
      counts.failed++;
      reject(err);
    }
  }).finally(() => console.log(`E2E_RESULT ${JSON.stringify(counts)}`));
  if (counts.failed > 0) throw new Error(`${counts.failed} e2e test(s) failed`);
  if (counts.passed === 0) throw new Error('no e2e test ran');
}
