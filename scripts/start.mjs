// `npm start`: builds the extension and opens it, with the examples/ folder, in a real VS Code.
//
// - With a desktop VS Code on PATH (`code`): runs `code --extensionDevelopmentPath=<repo> examples`.
// - Otherwise (or with `--code-server` / DERIVATIVE_START=code-server): installs Node 24 + code-server
//   if needed (scripts/tools.mjs), links this repo into a fresh extensions dir as an installed
//   extension, serves VS Code on http://127.0.0.1:8080 (PORT overrides; the next free port when busy),
//   and rebuilds on change (esbuild --watch): reload the window (F1 → Developer: Reload Window) to
//   pick up a change. Ctrl+C stops the server and removes its temp folder.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ensureTools, repoRoot } from './tools.mjs';
import { startCodeServer } from './code-server.mjs';

const args = process.argv.slice(2);
const examples = path.join(repoRoot, 'examples');
const log = (msg) => process.stdout.write(`${msg}\n`);

function build() {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** A desktop VS Code `code` on PATH (not code-server's remote CLI, which has the same name). */
function desktopCode() {
  if (args.includes('--code-server') || process.env.DERIVATIVE_START === 'code-server') return undefined;
  const r = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.trim() : '';
  if (!found) return undefined;
  let real = found;
  try {
    real = realpathSync(found);
  } catch {
    // keep the PATH entry
  }
  return /remote-cli|code-server/.test(real) ? undefined : found;
}

log('Building the extension...');
build();

const code = desktopCode();
if (code) {
  log(`Opening VS Code: ${code} --extensionDevelopmentPath=${repoRoot} ${examples}`);
  const r = spawnSync(code, [`--extensionDevelopmentPath=${repoRoot}`, examples], { stdio: 'inherit' });
  process.exit(r.status ?? 0);
}

const tools = ensureTools();
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}-${manifest.version}`;
const preferredPort = Number(process.env.PORT || 8080);

const server = await startCodeServer({
  tools,
  folder: examples,
  port: preferredPort,
  linkExtensions: [{ id: extensionId, dir: repoRoot }],
  smokeTestDriver: false,
  tmpPrefix: 'derivative-start-',
});

const watcher = args.includes('--no-watch')
  ? undefined
  : spawn(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--watch'], { cwd: repoRoot, stdio: 'inherit' });

const url = server.folderUrl(examples);
log('');
log(`Derivative Assistant is running in VS Code (code-server) at:`);
log('');
log(`    ${url}`);
log('');
if (server.port !== preferredPort) log(`(port ${preferredPort} was busy; set PORT to choose another)`);
log(`Open it in a browser, open calculus.py, select an expression and press Ctrl+Alt+D (see examples/README.md).`);
log(`Rebuilding on change: reload the window (F1 → Developer: Reload Window) to load it. Ctrl+C to stop.`);
if (!existsSync(path.join(repoRoot, 'dist', 'extension.js'))) log('warning: dist/extension.js is missing');

let stopping = false;
async function stop(sig) {
  if (stopping) return;
  stopping = true;
  log(`\n${sig}: stopping code-server...`);
  watcher?.kill();
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));
server.process.on('exit', (codeOrNull, signal) => {
  if (stopping) return;
  log(`code-server exited (${codeOrNull ?? signal}); see ${server.logFile}`);
  watcher?.kill();
  process.exit(1);
});
