// Installs, on demand, the Python libraries whose own automatic differentiation judges the vocabulary
// corpus (test/corpus/vocabulary.jsonl): torch, jax, tensorflow-cpu and autograd, with pip into a
// virtual environment that also sees the system's numpy, scipy and sympy.
//   node scripts/pylibs.mjs     create or complete the environment, print the path of its python
// The environment lives in $DERIVATIVE_PYLIBS_DIR, else ~/.cache/derivative-assistant/pylibs
// ($XDG_CACHE_HOME), shared by every clone on the machine. A library pip cannot install is reported
// and left out: the corpus test then says which cases it skips.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** pip package → the module it provides. */
export const LIBRARIES = { torch: 'torch', jax: 'jax', 'tensorflow-cpu': 'tensorflow', autograd: 'autograd' };

const log = (msg) => process.stderr.write(`[pylibs] ${msg}\n`);

export function pylibsDir() {
  if (process.env.DERIVATIVE_PYLIBS_DIR) return path.resolve(process.env.DERIVATIVE_PYLIBS_DIR);
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'derivative-assistant', 'pylibs');
}

/** One pip install; an index that cannot be reached fails at once instead of retrying. */
function pip(python, spec) {
  const r = spawnSync(python, ['-m', 'pip', 'install', '--quiet', '--retries', '0', '--timeout', '15', spec], { stdio: ['ignore', 'inherit', 'inherit'] });
  return r.status === 0;
}

/**
 * PyPI's torch for Linux pulls CUDA packages; CPU builds (`torch-2.13.0+cpu-….whl`) in pip's
 * find-links folders are tried after it, newest first.
 */
function cpuBuilds(python, pkg) {
  const r = spawnSync(python, ['-m', 'pip', 'config', 'list'], { encoding: 'utf8' });
  const folders = [...(r.stdout ?? '').matchAll(/find-links='([^']+)'/g)].flatMap((m) => m[1].split(/\s+/)).filter((f) => existsSync(f));
  const versions = folders.flatMap((f) => readdirSync(f)).map((f) => new RegExp(`^${pkg.replace('-', '_')}-([^-]+\\+cpu)-`).exec(f)?.[1]).filter(Boolean);
  return [...new Set(versions)].sort().reverse().map((v) => `${pkg}==${v}`);
}

const imports = (python, module) => spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;

/** The environment's python, creating it and installing what is missing; `missing` lists the modules pip could not provide. */
export function ensurePythonLibraries() {
  const dir = pylibsDir();
  const python = path.join(dir, 'bin', 'python');
  if (!existsSync(python)) {
    log(`creating a virtual environment in ${dir}`);
    const r = spawnSync('python3', ['-m', 'venv', '--system-site-packages', dir], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('python3 -m venv failed (Debian: apt-get install python3-venv)');
  }
  const wanted = Object.entries(LIBRARIES).filter(([, module]) => !imports(python, module)).map(([pkg]) => pkg);
  if (wanted.length > 0) {
    log(`pip install ${wanted.join(' ')} (a few minutes the first time)`);
    // one at a time: a library that cannot be installed leaves the others installed
    for (const pkg of wanted) {
      const ok = [pkg, ...cpuBuilds(python, pkg)].some((spec) => pip(python, spec));
      if (!ok) log(`pip could not install ${pkg}`);
    }
  }
  const missing = Object.values(LIBRARIES).filter((module) => !imports(python, module));
  return { python, missing };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { python, missing } = ensurePythonLibraries();
    if (missing.length) log(`missing: ${missing.join(', ')}`);
    process.stdout.write(python + '\n');
  } catch (err) {
    process.stderr.write(`[pylibs] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
