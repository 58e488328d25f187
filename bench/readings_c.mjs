// Evaluator for bench/check_readings.ts: C code as gcc compiles it (C++ with g++ where it says std::).
// Reads a JSON list of jobs {id, code, points: [{name: value}]} from the file named by argv[2] and
// writes [{id, status: 'ok' | 'syntax' | 'error', message, values: [number | null]}] to stdout; argv[3]
// and argv[4] are gcc and g++. Each job is the body of a function of its variables (doubles): an
// expression is returned, `double y = …;` declares and returns y, `return …;` stands as written.
// The jobs of one language compile as one program; when it fails, each alone, to find which fail.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [jobsFile, gcc, gxx] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsFile, 'utf8'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'readings-c-'));

const HEADERS = {
  c: '#define _USE_MATH_DEFINES\n#include <math.h>\n#include <stdlib.h>\n#include <stdio.h>\n',
  cpp: '#include <algorithm>\n#include <cmath>\n#include <cstdlib>\n#include <cstdio>\n#include <numbers>\n',
};

/** The function body of a job's code. */
function body(code) {
  const text = code.trim().replace(/;\s*$/, '');
  if (/^return\b/.test(text)) return `${text}\n;`;
  const declared = /^((?:(?:static|const|constexpr|auto|long|double|float)\s+)*)([A-Za-z_]\w*)\s*=(?!=)/.exec(text);
  if (declared) return `${declared[1].trim() ? '' : 'double '}${text}\n; return ${declared[2]};`;
  // a newline keeps a trailing // comment out of the closing parenthesis
  return `return (${text}\n);`;
}

function program(language, group) {
  const functions = group.map(({ job, index }) => {
    const names = Object.keys(job.points[0] ?? {});
    return `static double f${index}(${names.map((n) => `double ${n}`).join(', ') || 'void'}) {\n${body(job.code)}\n}`;
  });
  const calls = group.flatMap(({ job, index }) => {
    const names = Object.keys(job.points[0] ?? {});
    return job.points.map((p, k) => `  printf("${index} ${k} %.17g\\n", (double)f${index}(${names.map((n) => `(double)${p[n]}`).join(', ')}));`);
  });
  return `${HEADERS[language]}${functions.join('\n')}\nint main(void) {\n${calls.join('\n')}\n  return 0;\n}\n`;
}

/** Compiles and runs one program: the values by job index, or the compiler's complaint. */
function run(language, group, name) {
  const source = path.join(dir, `${name}.${language === 'c' ? 'c' : 'cpp'}`);
  const binary = path.join(dir, name);
  writeFileSync(source, program(language, group));
  const args = language === 'c' ? ['-std=c11', '-D_DEFAULT_SOURCE', source, '-o', binary, '-lm'] : ['-std=c++20', source, '-o', binary];
  const built = spawnSync(language === 'c' ? gcc : gxx, args, { encoding: 'utf8' });
  if (built.status !== 0) return { error: (built.stderr || String(built.error)).split('\n').find((l) => /error/.test(l)) ?? 'does not compile' };
  const ran = spawnSync(binary, { encoding: 'utf8' });
  if (ran.status !== 0) return { error: `exited with ${ran.status}` };
  const values = new Map();
  for (const line of ran.stdout.trim().split('\n').filter(Boolean)) {
    const [index, k, value] = line.split(' ');
    const v = Number(value);
    if (!values.has(+index)) values.set(+index, []);
    values.get(+index)[+k] = Number.isFinite(v) ? v : null;
  }
  return { values };
}

const answers = new Array(jobs.length);
try {
  for (const language of ['c', 'cpp']) {
    const group = jobs.map((job, index) => ({ job, index })).filter(({ job }) => /\bstd::/.test(job.code) === (language === 'cpp'));
    if (group.length === 0) continue;
    const all = run(language, group, `all-${language}`);
    for (const { job, index } of group) {
      const alone = all.values ? all : run(language, [{ job, index }], `job-${index}`);
      answers[index] = alone.values
        ? { id: job.id, status: 'ok', message: '', values: alone.values.get(index) ?? [] }
        : { id: job.id, status: 'syntax', message: alone.error, values: [] };
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(answers));
