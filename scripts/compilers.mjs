// Installs, on demand, gcc and g++ (Debian packages `gcc`, `g++`): the C and C++ tests compile the
// selections and the printed derivatives with them (test/unit/core/dialects/c.test.ts, bench/check_readings.ts).
//   node scripts/compilers.mjs     install them if missing, print their paths
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureApt } from './tools.mjs';

/** The paths of gcc and g++, installing Debian's packages when one is missing (as root; otherwise says how). */
export function ensureCompilers() {
  const found = (name) => {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  if (!found('gcc') || !found('g++')) ensureApt(['gcc', 'g++'], 'for the C and C++ tests (gcc and g++ compile the printed derivatives)');
  const gcc = found('gcc');
  const gxx = found('g++');
  if (!gcc || !gxx) throw new Error('the Debian packages gcc and g++ are installed but `gcc` or `g++` is not on PATH');
  return { gcc, gxx };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { gcc, gxx } = ensureCompilers();
    process.stdout.write(`${gcc}\n${gxx}\n`);
  } catch (err) {
    process.stderr.write(`[compilers] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
