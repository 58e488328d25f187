// The layers of src/, checked on every import:
//   core       pure math: no vscode, no extension/webview/shared, nothing DOM-only (tsconfig.core.json
//              also compiles it without DOM types);
//   extension  VS Code glue: of the core, only its public entry (src/core/index.ts), and type-only
//              imports of src/core/api.ts; values only in the core worker (worker.ts), so the
//              extension host's bundle never loads the engine;
//   webview    the panel's browser script: only src/shared and npm packages;
//   shared     protocols of host, workers and webview: no vscode, no extension or webview, and the
//              core's types only (a value would pull the engine into the webview's bundle).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

/** Packages that only make sense in a browser page (the webview's). */
const DOM_ONLY = ['katex', 'uplot', '@vscode/codicons'];

interface Import {
  /** As written: './x', 'vscode', '@lezer/lr'. */
  spec: string;
  typeOnly: boolean;
  line: number;
}

/** The imports of a TypeScript file: static, re-exports, side-effect, dynamic and require. */
export function importsOf(text: string): Import[] {
  const code = withoutComments(text);
  const found: Import[] = [];
  const lineAt = (index: number) => code.slice(0, index).split('\n').length;
  for (const m of code.matchAll(/\b(import|export)\s+(type\s+)?([\w*{}\s,$]*?)\s*from\s*['"]([^'"]+)['"]/g)) {
    const clause = m[3]!.trim();
    const named = /^\{([^}]*)\}$/.exec(clause);
    const everyNameTyped = !!named && named[1]!.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    found.push({ spec: m[4]!, typeOnly: !!m[2] || everyNameTyped, line: lineAt(m.index!) });
  }
  for (const m of code.matchAll(/\bimport\s*['"]([^'"]+)['"]|\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push({ spec: (m[1] ?? m[2])!, typeOnly: false, line: lineAt(m.index!) });
  }
  return found;
}

/** The text with comments blanked (lines kept), so commented-out imports do not count. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"\\])\/\/[^\n]*/g, (m, before: string | undefined) => (before ?? '') + m.slice((before ?? '').length).replace(/[^\n]/g, ' '));
}

type Layer = 'core' | 'extension' | 'webview' | 'shared' | 'other';

function layerOf(file: string): Layer {
  const first = path.relative(SRC, file).split(path.sep)[0];
  return first === 'core' || first === 'extension' || first === 'webview' || first === 'shared' ? first : 'other';
}

/** What is wrong with one import of `file` (a path under src/), or undefined. */
export function violation(file: string, imported: Import): string | undefined {
  const from = layerOf(file);
  const { spec } = imported;
  const relative = spec.startsWith('.');
  const target = relative ? path.resolve(path.dirname(file), spec) : undefined;
  const to = target ? layerOf(target) : undefined;
  const inCore = target ? path.relative(path.join(SRC, 'core'), target).replace(/\\/g, '/') : undefined;
  const isPackage = (name: string) => spec === name || spec.startsWith(`${name}/`);
  switch (from) {
    case 'core':
      if (spec === 'vscode') return 'the core never imports vscode';
      if (to && to !== 'core') return `the core imports nothing from src/${to}`;
      if (DOM_ONLY.some(isPackage) || spec.endsWith('.css')) return `the core imports nothing DOM-only (${spec})`;
      return undefined;
    case 'extension':
      if (to === 'webview') return 'the extension does not import the webview';
      if (to !== 'core') return undefined;
      if (inCore === 'index' || inCore === 'index.ts' || inCore === '') {
        return imported.typeOnly || path.relative(SRC, file) === path.join('extension', 'worker.ts') ? undefined : 'only the core worker (worker.ts) loads the core; the host imports its types';
      }
      if ((inCore === 'api' || inCore === 'api.ts') && imported.typeOnly) return undefined;
      return `the extension imports only the core's public entry (src/core/index.ts), not core/${inCore}`;
    case 'webview':
      if (spec === 'vscode') return 'the webview never imports vscode';
      if (to && to !== 'webview' && to !== 'shared') return `the webview imports only src/shared, not src/${to}`;
      return undefined;
    case 'shared':
      if (spec === 'vscode') return 'src/shared never imports vscode';
      if (to === 'extension' || to === 'webview') return `src/shared imports nothing from src/${to}`;
      if (to === 'core' && !imported.typeOnly) return 'src/shared imports only types from the core';
      return undefined;
    default:
      return undefined;
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function violationsIn(files: readonly { file: string; text: string }[]): string[] {
  return files.flatMap(({ file, text }) =>
    importsOf(text).flatMap((imported) => {
      const problem = violation(file, imported);
      return problem ? [`${path.relative(ROOT, file)}:${imported.line}: '${imported.spec}': ${problem}`] : [];
    }),
  );
}

test('every import in src/ keeps to its layer', () => {
  const files = sourceFiles(SRC).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  assert.ok(files.length > 50, `read ${files.length} files`);
  assert.ok(files.some((f) => layerOf(f.file) === 'shared'), 'src/shared exists');
  assert.deepEqual(violationsIn(files), []);
});

test('the check finds each kind of crossing', () => {
  const at = (file: string, text: string) => ({ file: path.join(SRC, file), text });
  const found = violationsIn([
    at('core/a.ts', "import * as vscode from 'vscode';"),
    at('core/b.ts', "import type { X } from '../extension/coreClient';"),
    at('core/c.ts', "import { h } from '../webview/dom';\nimport katex from 'katex';"),
    at('core/d.ts', "export { PlotData } from '../shared/panelMessages';"),
    at('extension/e.ts', "import {\n  differentiateMatrix,\n} from '../core/matrix/api';"),
    at('extension/panel/f.ts', "import { InputError } from '../../core/api';"),
    at('extension/g.ts', "const m = await import('../core/dialects');"),
    at('extension/hover/g2.ts', "import { analyze } from '../../core/index';"),
    at('webview/h.ts', "import type { Analysis } from '../core/index';"),
    at('webview/i.ts', "import { CommandId } from '../extension/commands';"),
    at('shared/j.ts', "import * as vscode from 'vscode';"),
    at('shared/k.ts', "import { samplePlot } from '../core/index';"),
    at('shared/l.ts', "import type { Services } from '../extension/differentiation';"),
  ]);
  assert.deepEqual(found.map((v) => v.split(':')[0]), [
    'src/core/a.ts', 'src/core/b.ts', 'src/core/c.ts', 'src/core/c.ts', 'src/core/d.ts',
    'src/extension/e.ts', 'src/extension/panel/f.ts', 'src/extension/g.ts', 'src/extension/hover/g2.ts',
    'src/webview/h.ts', 'src/webview/i.ts',
    'src/shared/j.ts', 'src/shared/k.ts', 'src/shared/l.ts',
  ]);
});

test('allowed imports pass: the public entry, type-only api, shared protocols, npm packages, comments', () => {
  const at = (file: string, text: string) => ({ file: path.join(SRC, file), text });
  assert.deepEqual(violationsIn([
    at('extension/worker.ts', "import { analyze } from '../core/index';"),
    at('extension/a.ts', "import type { Analysis } from '../core/index';\nimport type { Dialect } from '../core/api';\nimport { type Step, type Verification } from '../core/api';"),
    at('extension/b.ts', "import type { WorkerRequest } from '../shared/workerProtocol';\nimport * as vscode from 'vscode';"),
    at('extension/c.ts', "// import { parse } from '../core/dialects';\n/* import { x } from '../core/expr'; */"),
    at('webview/d.ts', "import { h } from './dom';\nimport uPlot from 'uplot';\nimport type { PanelModel } from '../shared/panelMessages';"),
    at('shared/e.ts', "import type { PlotData } from '../core/index';"),
    at('core/f.ts', "import { LRParser } from '@lezer/lr';\nimport { Expr } from './expr';"),
  ]), []);
});
