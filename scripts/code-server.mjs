// Starts and stops a private code-server (a full VS Code in the browser) for `npm start` and the
// end-to-end tests. Every server gets a fresh temp folder holding its HOME, XDG dirs, user-data-dir
// and extensions-dir, so nothing leaks between runs or into the user's own VS Code.
// Why these flags: docs/testing.md.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** User settings for a quiet, deterministic workbench. */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'git.enabled': false,
  'files.hotExit': 'off',
  'files.autoSave': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
};

/** Resolves whether `port` can be bound on 127.0.0.1 right now. */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** `preferred` when it is free, otherwise a port the system picks. */
export async function findFreePort(preferred) {
  if (preferred && (await isPortFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(baseUrl, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within ${timeoutMs / 1000} s`);
}

/**
 * Starts code-server and resolves once /healthz answers.
 * @param {object} o
 * @param {{node: string, codeServerEntry: string}} o.tools  from ensureTools() in tools.mjs
 * @param {string} [o.folder]        workspace folder opened by default
 * @param {number} [o.port]          preferred port (another free one is used when busy; 0 = any)
 * @param {boolean} [o.strictPort]   fail instead of picking another port when `port` is busy
 * @param {Record<string, unknown>} [o.settings]  merged over DEFAULT_SETTINGS
 * @param {Array<{id: string, dir: string}>} [o.linkExtensions]  extension folders symlinked into the extensions dir
 * @param {boolean} [o.smokeTestDriver]  pass `--vscode-option enable-smoke-test-driver` (default true;
 *   needed for the `payload` URL parameter that runs extension tests)
 * @param {string} [o.tmpPrefix]
 * @param {(line: string) => void} [o.onOutput]  receives code-server's output lines (always also in `logFile`)
 */
export async function startCodeServer(o) {
  const { tools, folder, settings = {}, linkExtensions = [], smokeTestDriver = true, onOutput } = o;
  const port = o.port === undefined ? 0 : o.port;
  const chosen = o.strictPort ? port : await findFreePort(port);
  if (o.strictPort && !(await isPortFree(chosen))) throw new Error(`port ${chosen} is busy`);

  const baseDir = mkdtempSync(path.join(os.tmpdir(), o.tmpPrefix ?? 'derivative-code-server-'));
  const home = path.join(baseDir, 'home');
  const userDataDir = path.join(baseDir, 'user-data');
  const extensionsDir = path.join(baseDir, 'extensions');
  const xdg = { XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share'), XDG_CACHE_HOME: path.join(home, '.cache') };
  for (const d of [home, userDataDir, path.join(userDataDir, 'User'), extensionsDir, ...Object.values(xdg)]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2) + '\n');
  for (const ext of linkExtensions) symlinkSync(ext.dir, path.join(extensionsDir, ext.id), 'dir');

  const args = [
    tools.codeServerEntry,
    '--bind-addr', `127.0.0.1:${chosen}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time', '5',
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
  ];
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (folder) args.push(folder);

  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'INIT_CWD' || k === 'PASSWORD' || k === 'HASHED_PASSWORD' || k.startsWith('VSCODE_') || k.startsWith('ELECTRON_')) continue;
    env[k] = v;
  }
  Object.assign(env, { HOME: home, ...xdg, PATH: `${path.dirname(tools.node)}${path.delimiter}${process.env.PATH ?? ''}` });

  const logFile = path.join(baseDir, 'code-server.log');
  const logStream = createWriteStream(logFile);
  // detached: the child calls setsid(), so it leads its own process group and `kill(-pid)` reaches
  // code-server's helpers (extension host, file watcher, pty host) too.
  const child = spawn(tools.node, args, { cwd: folder ?? baseDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid;
  let pending = '';
  const onData = (chunk) => {
    logStream.write(chunk);
    if (!onOutput) return;
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onOutput(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const killGroup = (signal) => {
    try {
      process.kill(-pgid, signal);
    } catch {
      // already gone
    }
  };
  // Last resort if the caller dies without calling stop().
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  let stopped;
  const stop = async ({ keepFiles = false } = {}) => {
    stopped ??= (async () => {
      process.off('exit', onExit);
      killGroup('SIGTERM');
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && groupAlive(pgid)) await sleep(100);
      if (groupAlive(pgid)) killGroup('SIGKILL');
      await new Promise((r) => logStream.end(r));
      if (!keepFiles && !process.env.KEEP_CODE_SERVER_FILES) rmSync(baseDir, { recursive: true, force: true, maxRetries: 3 });
    })();
    return stopped;
  };

  const url = `http://127.0.0.1:${chosen}`;
  try {
    await waitForHealth(url, child, 60_000);
  } catch (err) {
    let tail = '';
    try {
      tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      // no log
    }
    await stop({ keepFiles: true });
    throw new Error(`${err instanceof Error ? err.message : err}\n--- ${logFile} (tail) ---\n${tail}`);
  }

  return {
    url,
    port: chosen,
    /** `vscode-remote://` authority of this server, for payload URIs. */
    authority: `127.0.0.1:${chosen}`,
    baseDir,
    home,
    userDataDir,
    extensionsDir,
    logFile,
    process: child,
    /** The workbench URL that opens `dir` (defaults to the folder given at start). */
    folderUrl(dir = folder) {
      return dir ? `${url}/?folder=${encodeURIComponent(dir).replace(/%2F/g, '/')}` : `${url}/`;
    },
    stop,
  };
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
