// Greek letters: the names the engine uses (LaTeX's \sigma → sigma) and their Unicode letters (σ).
export const GREEK_LETTERS: Readonly<Record<string, string>> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', vartheta: 'ϑ',
  iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ',
  upsilon: 'υ', phi: 'φ', varphi: 'ϕ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};

const FROM_UNICODE = new Map<string, string>();
for (const [name, letter] of Object.entries(GREEK_LETTERS)) if (!FROM_UNICODE.has(letter)) FROM_UNICODE.set(letter, name);

/** σ → sigma, σ_1 → sigma_1; other names unchanged. */
export function greekToName(text: string): string {
  return [...text].map((ch) => FROM_UNICODE.get(ch) ?? ch).join('');
}

/** sigma → σ, sigma_1 → σ_1; other names unchanged. */
export function nameToGreek(name: string): string {
  const [head, ...rest] = name.split('_');
  return [GREEK_LETTERS[head] ?? head, ...rest].join('_');
}
