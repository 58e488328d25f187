// Installs, on demand, GNU Octave (Debian package `octave`, about 530 MB with its recommends, 2 min):
// the reading tests (bench/check_readings.ts) run MATLAB selections and printed MATLAB results in it.
//   node scripts/octave.mjs     install it if missing, print the path of `octave`
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureApt } from './tools.mjs';

/** The path of `octave`, installing Debian's package when it is missing (as root; otherwise says how). */
export function ensureOctave() {
  const found = () => {
    const r = spawnSync('sh', ['-c', 'command -v octave'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  const have = found();
  if (have) return have;
  ensureApt(['octave'], 'for the reading tests (GNU Octave judges MATLAB readings)');
  const installed = found();
  if (!installed) throw new Error('the Debian package octave is installed but `octave` is not on PATH');
  return installed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(ensureOctave() + '\n');
  } catch (err) {
    process.stderr.write(`[octave] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
