// Index (Einstein) notation from the matrix engine (`x_a A_ab x_b`, `δ_ak`, `∂X_ab/∂X_kl`) as LaTeX
// for the panel. Pure: no vscode import (unit-tested).

const GREEK = new Set(
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega'.split(' '),
);
const FUNCTIONS = new Set('exp log ln sin cos tan sinh cosh tanh sqrt abs sign diag tr det logdet inv sum max min relu softplus sigmoid'.split(' '));
const SYMBOLS: Record<string, string> = { 'δ': '\\delta', '∂': '\\partial ', 'Σ': '\\sum', '→': '\\to ', '·': '\\cdot ', '×': '\\times ', '⊙': '\\odot ', '∘': '\\circ ', '−': '-' };

/** A name as LaTeX: Greek letters by name, functions upright, other long names in roman. */
function name(word: string): string {
  if (GREEK.has(word)) return `\\${word}`;
  if (FUNCTIONS.has(word)) return `\\operatorname{${word}}`;
  return word.length > 1 ? `\\mathrm{${word}}` : word;
}

export function indexToLatex(text: string): string {
  let out = '';
  // LaTeX's own special characters have no business here; drop them rather than let them act.
  // MATLAB's element-wise operators read as plain ones here: .^2 is a power of each entry.
  const clean = text.replace(/[\\{}$&#%~]/g, '').replace(/\.\^/g, '^').replace(/\.\*/g, '*');
  const token = /([A-Za-z][A-Za-z0-9]*|[δ∂Σ])(?:_([A-Za-z0-9]+))?|(\*\*|\*)|([→·×⊙∘−])|(.)/gsu;
  for (const match of clean.matchAll(token)) {
    const [, word, sub, star, symbol, other] = match;
    if (word !== undefined) {
      const base = SYMBOLS[word] ?? name(word);
      out += sub ? `${base}_{${sub}}` : base;
      // keep a space between a command and a following letter (\delta a, not \deltaa)
      if (!sub && base.startsWith('\\') && !base.endsWith('}') && !base.endsWith(' ')) out += ' ';
    } else if (star !== undefined) out += star === '**' ? '^' : ' ';
    else if (symbol !== undefined) out += SYMBOLS[symbol];
    else out += other;
  }
  return out.replace(/\s+/g, ' ').trim();
}
