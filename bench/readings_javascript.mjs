// Evaluator for bench/check_readings.ts: JavaScript code as node itself runs it.
// Reads a JSON list of jobs {id, code, points: [{name: value}]} from the file named by argv[2] and
// writes [{id, status: 'ok' | 'syntax' | 'error', message, values: [number | null]}] to stdout.
// The code is the body of a sloppy-mode function of its variables (as in a script), so
// `y = x ** 2` assigns and returns; null where the value is NaN or infinite.
import { readFileSync } from 'node:fs';

const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const finite = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const answers = jobs.map((job) => {
  const names = Object.keys(job.points[0] ?? {});
  let fn;
  try {
    // newlines keep a trailing // comment out of the closing parenthesis
    fn = new Function(...names, `return (\n${job.code}\n);`);
  } catch (err) {
    return { id: job.id, status: 'syntax', message: `${err.name}: ${err.message}`, values: [] };
  }
  const values = [];
  for (const point of job.points) {
    try {
      values.push(finite(fn(...names.map((n) => point[n]))));
    } catch (err) {
      return { id: job.id, status: 'error', message: `${err.name}: ${err.message}`, values: [] };
    }
  }
  return { id: job.id, status: 'ok', message: '', values };
});
process.stdout.write(JSON.stringify(answers));
