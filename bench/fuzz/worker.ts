// Worker thread: runs cases through the engine one at a time and reports each, so the main thread
// can tell which case hung or exhausted memory.
import { parentPort, workerData } from 'node:worker_threads';
import type { FuzzCase } from './generate';
import { runEngine } from './engine';

const { budgetMs } = workerData as { budgetMs: number };
parentPort!.on('message', (c: FuzzCase) => {
  parentPort!.postMessage({ id: c.id, outcome: runEngine(c, budgetMs) });
});
