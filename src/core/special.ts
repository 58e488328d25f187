// Real double-precision values of the gamma family: Γ, ln|Γ|, ψ and ψ⁽ⁿ⁾ (NaN at the poles).

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
// Lanczos approximation, g = 7, 9 terms (relative error about 1e-15 for x ≥ 1/2)
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
// B₂ₖ for the asymptotic series of ψ and ψ⁽ⁿ⁾ (k = 1 … 10)
const BERNOULLI = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330];

/** sin(πx), exact at integers and accurate for large |x| (the reduction mod 2 is exact). */
export function sinPi(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  let r = x % 2;
  if (r > 1) r -= 2; else if (r <= -1) r += 2;
  if (r > 0.5) r = 1 - r; else if (r < -0.5) r = -1 - r;
  return r === 0 ? 0 : Math.sin(Math.PI * r);
}

/** cos(πx), exact zeros at half-integers. */
export function cosPi(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  let r = Math.abs(x) % 2;
  if (r > 1) r = 2 - r; // cos(π(2 − r)) = cos(πr), r ∈ [0, 1]
  const s = 0.5 - r; // cos(πr) = sin(π(1/2 − r)), |1/2 − r| ≤ 1/2
  return s === 0 ? 0 : Math.sin(Math.PI * s);
}

const isPole = (x: number) => x <= 0 && Number.isInteger(x);

function lanczosSum(z: number): number {
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  return a;
}

/** Γ(x). */
export function gamma(x: number): number {
  if (Number.isNaN(x) || isPole(x) || x === -Infinity) return NaN;
  if (x > 171.7) return Infinity;
  if (Number.isInteger(x) && x <= 171) {
    // (x − 1)! exactly rounded as far as the product allows
    let p = 1;
    for (let k = 2; k < x; k++) p *= k;
    return p;
  }
  // reflection: Γ(x)·Γ(1 − x) = π / sin(πx)
  if (x < 0.5) return Math.PI / (sinPi(x) * gamma(1 - x));
  const z = x - 1;
  const t = z + LANCZOS_G + 0.5;
  // t^(z+1/2) split in two so that it does not overflow before e^(−t) brings it down
  const half = Math.pow(t, (z + 0.5) / 2);
  return SQRT_2PI * half * (half * Math.exp(-t)) * lanczosSum(z);
}

/** ln|Γ(x)| (math.lgamma, scipy.special.gammaln). */
export function lgamma(x: number): number {
  if (Number.isNaN(x) || isPole(x)) return NaN;
  if (!Number.isFinite(x)) return Infinity;
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
  if (x < 15) return Math.log(Math.abs(gamma(x)));
  const z = x - 1;
  const t = z + LANCZOS_G + 0.5;
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(lanczosSum(z));
}

/** The shift past which the asymptotic series of ψ⁽ⁿ⁾ is accurate to double precision. */
const asymptoticFrom = (n: number) => 12 + 1.5 * n;
const MAX_RECURRENCE = 1e6;

/** ψ(x) = Γ'(x)/Γ(x). */
export function digamma(x: number): number {
  if (Number.isNaN(x) || isPole(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  // reflection: ψ(1 − x) − ψ(x) = π·cot(πx)
  if (x < 0) return digamma(1 - x) - (Math.PI * cosPi(x)) / sinPi(x);
  // recurrence ψ(x) = ψ(x + 1) − 1/x up to where the asymptotic series holds
  let shift = 0;
  while (x < asymptoticFrom(0)) { shift -= 1 / x; x += 1; }
  const inv2 = 1 / (x * x);
  let series = 0;
  for (let k = BERNOULLI.length - 1; k >= 0; k--) series = series * inv2 + BERNOULLI[k] / (2 * (k + 1));
  return shift + Math.log(x) - 0.5 / x - series * inv2;
}

/** ψ⁽ⁿ⁾(x), n a non-negative integer (n = 0 is ψ). */
export function polygamma(n: number, x: number): number {
  if (!Number.isInteger(n) || n < 0) return NaN;
  if (n === 0) return digamma(x);
  if (Number.isNaN(x) || isPole(x) || x === -Infinity) return NaN;
  if (x === Infinity) return 0;
  const sign = n % 2 === 1 ? 1 : -1; // (−1)^(n+1)
  let factorial = 1; // n!
  for (let k = 2; k <= n; k++) factorial *= k;
  // recurrence ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x + 1) + (−1)^(n+1)·n!/x^(n+1); negative x too (no reflection needed)
  const target = asymptoticFrom(n);
  if (target - x > MAX_RECURRENCE) return NaN;
  let head = 0;
  while (x < target) { head += 1 / Math.pow(x, n + 1); x += 1; }
  // ψ⁽ⁿ⁾(x) ~ (−1)^(n+1)·[(n−1)!/xⁿ + n!/(2x^(n+1)) + Σ B₂ₖ·(2k+n−1)!/((2k)!·x^(2k+n))]
  const inv2 = 1 / (x * x);
  let series = 0;
  for (let k = BERNOULLI.length; k >= 1; k--) {
    // (2k+n−1)!/((2k)!·(n−1)!) as a product, so large n does not overflow factorials
    let ratio = 1;
    for (let j = 1; j <= n - 1; j++) ratio *= (2 * k + j) / j;
    series = series * inv2 + BERNOULLI[k - 1] * ratio;
  }
  const xn = Math.pow(x, n);
  const tail = (factorial / n) * (1 + n / (2 * x) + series * inv2) / xn; // (n−1)! = n!/n
  return sign * (factorial * head + tail);
}

// ── The error function and its neighbours ──────────────────────────────────────

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** Below this, erf's series (all terms positive) is accurate; above it, erfc's continued fraction converges fast. */
const ERF_SERIES_UP_TO = 2.5;

/** erf(x) = 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)) (A&S 7.1.6): no cancellation, for 0 ≤ x ≤ 2.5. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x, sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) (A&S 7.1.14), for x ≥ 0.5, by Lentz's method. */
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x, c = x, d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** The error function, to about 1e-15 relative. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x <= ERF_SERIES_UP_TO) return erfSeries(x);
  return x > 6 ? 1 : 1 - erfcFraction(x);
}

/** The complementary error function 1 − erf(x), accurate in its tail (erfc(10) ≈ 2.1e-45). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0.5) return 1 - erf(x);
  if (x > 27.3) return 0;
  return erfcFraction(x);
}

/** The sign of Γ(x): positive for x > 0, alternating between the poles below 0. */
function gammaSign(x: number): number {
  return x > 0 || Math.floor(x) % 2 === 0 ? 1 : -1;
}

/** B(a, b) = Γ(a)Γ(b)/Γ(a + b); through ln|Γ| where the gammas would overflow. */
export function beta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || isPole(a) || isPole(b)) return NaN;
  const s = a + b;
  if (isPole(s)) return 0;
  if (Math.abs(a) < 100 && Math.abs(b) < 100 && Math.abs(s) < 100) return (gamma(a) * gamma(b)) / gamma(s);
  return gammaSign(a) * gammaSign(b) * gammaSign(s) * Math.exp(lgamma(a) + lgamma(b) - lgamma(s));
}

/** The logistic sigmoid 1/(1 + e^(−x)), without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + eˣ), accurate for large |x|. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** log(eᵃ + eᵇ) without overflow. */
export function logaddexp(a: number, b: number): number {
  if (a === b) return a + Math.LN2; // also ±∞
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** The standard normal distribution function Φ(x) = erfc(−x/√2)/2, accurate in its lower tail. */
export function normcdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** The standard normal density φ(x) = e^(−x²/2)/√(2π). */
export function normpdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** The exact GELU x·Φ(x), accurate for negative x too. */
export function gelu(x: number): number {
  return x * normcdf(x);
}

/** GELU's tanh approximation (Hendrycks & Gimpel), the default of jax.nn.gelu. */
export const GELU_TANH_CUBIC = 0.044715;
export function geluTanh(x: number): number {
  // (1 + tanh z)/2 = σ(2z), without the cancellation of 1 + tanh z for negative z
  return x * sigmoid(2 * Math.sqrt(2 / Math.PI) * (x + GELU_TANH_CUBIC * x * x * x));
}

/** The normalised sinc sin(πx)/(πx), 1 at 0 (numpy's, Julia's). */
export function sinc(x: number): number {
  if (x === 0) return 1;
  if (!Number.isFinite(x)) return Number.isNaN(x) ? NaN : 0;
  return sinPi(x) / (Math.PI * x);
}

/** The Heaviside step, ½ at 0 (SymPy's convention). */
export function heaviside(x: number): number {
  return Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? 0 : 0.5;
}

/** Rounds half to even, as numpy, Python and Julia do. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
