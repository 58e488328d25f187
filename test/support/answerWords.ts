// The calculus answers' words in English, as commands/calculus.ts ANSWER_WORDS gives them through
// vscode.l10n (which the unit tests cannot load).
import type { AnswerWords } from '../../src/extension/calculusText';

export const ENGLISH_WORDS: AnswerWords = {
  tangentAt: (wrt, at) => `tangent at ${wrt} = ${at}`,
  taylorAt: (order, wrt, at) => `Taylor polynomial of order ${order} at ${wrt} = ${at}`,
  antiderivative: 'antiderivative',
  integralBetween: (from, to) => `integral from ${from} to ${to}`,
  criticalOn: (from, to) => `critical points on [${from}, ${to}]`,
  kind: (kind) => kind,
  notDifferentiable: 'not differentiable',
};
