import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertionStyle, resolveDialect, SUPPORTED_LANGUAGES } from '../../../src/extension/dialect';

test('language ids map to dialects', () => {
  const expected: Record<string, string> = {
    python: 'python',
    javascript: 'javascript',
    typescript: 'javascript',
    javascriptreact: 'javascript',
    typescriptreact: 'javascript',
    latex: 'latex',
    tex: 'latex',
    markdown: 'latex',
    plaintext: 'plain',
    matlab: 'matlab',
    octave: 'matlab',
    julia: 'julia',
    c: 'c',
    cpp: 'c',
    'cuda-cpp': 'c',
  };
  for (const [languageId, dialect] of Object.entries(expected)) assert.equal(resolveDialect(languageId), dialect, languageId);
  assert.deepEqual([...SUPPORTED_LANGUAGES].sort(), Object.keys(expected).sort());
});

test('unknown languages read as plain math', () => assert.equal(resolveDialect('rust'), 'plain'));

test('the setting overrides the language', () => {
  assert.equal(resolveDialect('python', 'latex'), 'latex');
  assert.equal(resolveDialect('plaintext', 'python'), 'python');
  assert.equal(resolveDialect('markdown', 'auto'), 'latex');
});

test('markdown writes LaTeX in $$', () => {
  assert.equal(insertionStyle('markdown', 'latex'), 'markdown');
  assert.equal(insertionStyle('latex', 'latex'), 'latex');
  assert.equal(insertionStyle('markdown', 'plain'), 'plain');
});
