// Activation functions written with Math: select an expression after `=` or `return`
// and run "Derivative: Differentiate Selection" (Ctrl+Alt+D).

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function tanhActivation(x: number): number {
  const t = Math.tanh(x);
  return t;
}

export function gelu(x: number): number {
  // the tanh approximation of GELU
  const g = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
  return g;
}

export function swish(x: number, beta: number): number {
  // differentiate with respect to x, then with respect to beta
  const s = x / (1 + Math.exp(-beta * x));
  return s;
}

export function softplus(x: number): number {
  const sp = Math.log(1 + Math.exp(x));
  return sp;
}

export function elu(x: number, alpha = 1): number {
  const negative = alpha * (Math.exp(x) - 1);
  return x > 0 ? x : negative;
}
