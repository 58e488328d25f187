#!/usr/bin/env python3
"""Check test/corpus/dialects.jsonl.

For every case:
  * shape: unique id, lang in python/javascript/latex/plain/matlab/julia, either ``plain``
    (accepted input) or ``"error": true`` with an optional integer ``offset``
    within the expression, optional string ``context``;
  * accepted cases: ``plain`` must parse with the strict plain converter
    (bench/plain_sympy.py) and must agree numerically with an independent
    evaluation of the dialect expression at random points:
      - python: the context is executed, then the expression evaluated as
        Python (math / numpy) -- no hand translation needed;
      - javascript: evaluated as Python against a ``Math`` object that mirrors
        JavaScript's (the selected expressions use only syntax that means the
        same in both languages);
      - latex, plain, matlab and julia: a hand-written numpy equivalent from the tables below;
  * refused plain-dialect cases: the strict converter must refuse them too,
    at the same offset.

Exit status 1 when anything is wrong.  Usage: python3 bench/check_dialects.py [PATH]
"""

from __future__ import annotations

import json
import math
import os
import random
import sys
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from plain_sympy import PlainSyntaxError, free_names, symbol, to_sympy  # noqa: E402

LANGS = {"python", "javascript", "latex", "plain", "matlab", "julia"}


class _JSMath:
    """JavaScript's Math, for evaluating the selected JS expressions as Python."""

    PI = math.pi
    E = math.e
    sin, cos, tan = staticmethod(math.sin), staticmethod(math.cos), staticmethod(math.tan)
    asin, acos, atan = staticmethod(math.asin), staticmethod(math.acos), staticmethod(math.atan)
    sinh, cosh, tanh = staticmethod(math.sinh), staticmethod(math.cosh), staticmethod(math.tanh)
    asinh, acosh, atanh = staticmethod(math.asinh), staticmethod(math.acosh), staticmethod(math.atanh)
    exp, log, sqrt = staticmethod(math.exp), staticmethod(math.log), staticmethod(math.sqrt)
    log10, log2, log1p, expm1 = (staticmethod(math.log10), staticmethod(math.log2),
                                 staticmethod(math.log1p), staticmethod(math.expm1))
    abs = staticmethod(abs)
    pow = staticmethod(math.pow)
    hypot = staticmethod(math.hypot)
    # Math.cbrt is real for v < 0, x^(1/3) (principal power) is not: compare on v >= 0
    cbrt = staticmethod(lambda v: v ** (1.0 / 3.0) if v >= 0 else math.nan)
    sign = staticmethod(lambda v: float((v > 0) - (v < 0)))


# Hand-written numpy equivalents of the LaTeX and plain-dialect selections,
# keyed by (lang, expr).  x^(1/3) in the plain grammar is the principal
# power, real only for x >= 0, so cube roots are compared there only.

def _cbrt_nonneg(v):
    return np.where(v >= 0, np.cbrt(np.maximum(v, 0)), np.nan)


HAND = {
    ("latex", '\\frac{1}{x}'): lambda x: 1 / x,
    ("latex", '\\dfrac{x+1}{x-1}'): lambda x: (x + 1) / (x - 1),
    ("latex", '\\tfrac{1}{2}x^2'): lambda x: 0.5 * x**2,
    ("latex", '\\sqrt{x}'): lambda x: np.sqrt(x),
    ("latex", '\\sqrt[3]{x}'): lambda x: _cbrt_nonneg(x),
    ("latex", 'x^{2} + 3x'): lambda x: x**2 + 3 * x,
    ("latex", 'e^{-x^2}'): lambda x: np.exp(-x**2),
    ("latex", '\\sin x'): lambda x: np.sin(x),
    ("latex", '\\sin 2x'): lambda x: np.sin(2 * x),
    ("latex", '\\sin x^2'): lambda x: np.sin(x**2),
    ("latex", '\\sin x \\cos x'): lambda x: np.sin(x) * np.cos(x),
    ("latex", '\\sin^2 x'): lambda x: np.sin(x) ** 2,
    ("latex", '\\ln x'): lambda x: np.log(x),
    ("latex", '\\log_2 x'): lambda x: np.log2(x),
    ("latex", '\\log_{10}(x)'): lambda x: np.log10(x),
    ("latex", '\\exp(x)'): lambda x: np.exp(x),
    ("latex", '2 \\cdot x'): lambda x: 2 * x,
    ("latex", 'a \\times b'): lambda a, b: a * b,
    ("latex", '\\left( x + 1 \\right)^{3}'): lambda x: (x + 1) ** 3,
    ("latex", '\\mathrm{e}^{x}'): lambda x: np.exp(x),
    ("latex", '\\pi r^2'): lambda r: np.pi * r**2,
    ("latex", '2x'): lambda x: 2 * x,
    ("latex", 'x y'): lambda x, y: x * y,
    ("latex", '\\operatorname{sign}(x)'): lambda x: np.sign(x),
    ("latex", '\\operatorname{asinh}(x)'): lambda x: np.arcsinh(x),
    ("latex", '\\arcsin x + \\arctan x'): lambda x: np.arcsin(x) + np.arctan(x),
    ("latex", '\\sinh x + \\cosh x'): lambda x: np.sinh(x) + np.cosh(x),
    ("latex", '\\tanh(x)'): lambda x: np.tanh(x),
    ("latex", '\\sec x \\tan x'): lambda x: np.tan(x) / np.cos(x),
    ("latex", '\\csc x + \\cot x'): lambda x: 1 / np.sin(x) + 1 / np.tan(x),
    ("latex", '\\frac{1}{\\sigma\\sqrt{2\\pi}} e^{-\\frac{(x-\\mu)^2}{2\\sigma^2}}'): lambda sigma, x, mu: np.exp(-(x - mu) ** 2 / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi)),
    ("latex", '\\sin \\theta'): lambda theta: np.sin(theta),
    ("latex", '\\cos \\omega t'): lambda omega, t: np.cos(omega * t),
    ("latex", 'x_{0}^2 + x_0'): lambda x_0: x_0**2 + x_0,
    ("latex", '|x|'): lambda x: np.abs(x),
    ("latex", '|x - 1| + 2'): lambda x: np.abs(x - 1) + 2,
    ("latex", '$x^2$'): lambda x: x**2,
    ("latex", '$$\\frac{x}{2}$$'): lambda x: x / 2,
    ("latex", '\\(\\sqrt{x+1}\\)'): lambda x: np.sqrt(x + 1),
    ("latex", '\\[ e^{x} \\sin x \\]'): lambda x: np.exp(x) * np.sin(x),
    ("latex", '\\frac{\\sin x}{x}'): lambda x: np.sin(x) / x,
    ("latex", '3\\left(x^2 - 1\\right)'): lambda x: 3 * (x**2 - 1),
    ("latex", '\\cos^{2}(x)'): lambda x: np.cos(x) ** 2,
    ("latex", 'x^{-1/2}'): lambda x: x**-0.5,
    ("latex", '\\frac{1}{1+e^{-x}}'): lambda x: 1 / (1 + np.exp(-x)),
    ("latex", '\\ln(1 + e^{x})'): lambda x: np.log1p(np.exp(x)),
    ("latex", '2^{x}'): lambda x: 2.0**x,
    ("latex", '\\sin(2x)'): lambda x: np.sin(2 * x),
    ("latex", '\\sqrt{x^2 + y^2}'): lambda x, y: np.hypot(x, y),
    ("latex", '\\mu \\sigma^2'): lambda mu, sigma: mu * sigma**2,
    ("plain", '2x'): lambda x: 2 * x,
    ("matlab", "x.^2 + 3*x"): lambda x: x**2 + 3*x,
    ("matlab", "sin(x).*exp(-x)"): lambda x: np.sin(x)*np.exp(-x),
    ("matlab", "y = log10(x) + log2(x);"): lambda x: np.log10(x) + np.log2(x),
    ("matlab", "exp(1)^x"): lambda x: np.exp(x),
    ("matlab", "sqrt(x)./(1 + x.^2)"): lambda x: np.sqrt(x)/(1 + x**2),
    ("matlab", "nthroot(x, 3)"): lambda x: np.where(x >= 0, np.cbrt(np.maximum(x, 0)), np.nan),
    ("matlab", "sec(x)^2 - tan(x)"): lambda x: 1/np.cos(x)**2 - np.tan(x),
    ("matlab", "power(x, 3) * pi"): lambda x: x**3*np.pi,
    ("matlab", "-x^2"): lambda x: -(x**2),
    ("matlab", "asinh(x) + atan(x)/2"): lambda x: np.arcsinh(x) + np.arctan(x)/2,
    ("matlab", "abs(x).*sign(x)"): lambda x: np.abs(x)*np.sign(x),
    ("matlab", "1./(1 + exp(-w*x))"): lambda w, x: 1/(1 + np.exp(-w*x)),
    ("julia", "2x^2 + 3x"): lambda x: 2*x**2 + 3*x,
    ("julia", "sin.(x) .* exp.(-x)"): lambda x: np.sin(x)*np.exp(-x),
    ("julia", "log(2, x) + log10(x)"): lambda x: np.log2(x) + np.log10(x),
    ("julia", "ℯ^x + π*x"): lambda x: np.exp(x) + np.pi*x,
    ("julia", "y = cbrt(x) + sqrt(x)"): lambda x: np.cbrt(x) + np.sqrt(x),
    ("julia", "2(x + 1)^2"): lambda x: 2*(x + 1)**2,
    ("julia", "log1p(x) - expm1(x)"): lambda x: np.log1p(x) - np.expm1(x),
    ("julia", "hypot(x, y)"): lambda x, y: np.hypot(x, y),
    ("julia", "tanh(x) / x"): lambda x: np.tanh(x)/x,
    ("julia", "exp(1)^(-x) * pi"): lambda x: np.exp(-x)*np.pi,
    ("julia", "coth(x) + sech(x)"): lambda x: 1/np.tanh(x) + 1/np.cosh(x),
    ("julia", "σ^2 * x"): lambda sigma, x: sigma**2*x,
    ("plain", 'x sin(x)'): lambda x: x * np.sin(x),
    ("plain", '(x+1)(x-1)'): lambda x: x**2 - 1,
    ("plain", '3(x+1)'): lambda x: 3 * x + 3,
    ("plain", 'ln(x)'): lambda x: np.log(x),
    ("plain", 'log(x, 2)'): lambda x: np.log2(x),
    ("plain", 'sigma^2 + mu'): lambda sigma, mu: sigma**2 + mu,
    ("plain", 'x_0 * w1'): lambda x_0, w1: x_0 * w1,
    ("plain", '2x^2'): lambda x: 2 * x**2,
    ("plain", '-x^2'): lambda x: -(x**2),
    ("plain", '2^-x'): lambda x: 2.0**-x,
    ("plain", 'e^x'): lambda x: np.exp(x),
    ("plain", '2 pi r'): lambda r: 2 * np.pi * r,
    ("plain", 'x^2^3'): lambda x: x**8,
    ("plain", 'w1 x1 + w2 x2'): lambda w1, x1, w2, x2: w1 * x1 + w2 * x2,
}


def _arg_names(fn):
    return fn.__code__.co_varnames[: fn.__code__.co_argcount]


def dialect_evaluator(case):
    """A function {name: float} -> float for the dialect expression, or None."""
    lang, cid = case["lang"], case["id"]
    if lang == "python":
        ns: dict = {}
        ctx = case.get("context", "")
        # the context may end mid-statement ("return "); keep whole import lines only
        imports = "\n".join(line for line in ctx.splitlines()
                            if line.startswith(("import ", "from ")))
        exec(imports, ns)  # noqa: S102 - corpus text written in this repository
        code = compile(case["expr"], cid, "eval")
        return lambda env: eval(code, dict(ns), dict(env))  # noqa: S307
    if lang == "javascript":
        code = compile(case["expr"], cid, "eval")
        return lambda env: eval(code, {"Math": _JSMath}, dict(env))  # noqa: S307
    fn = HAND.get((lang, case["expr"]))
    if fn is None:
        return None
    names = _arg_names(fn)
    return lambda env: fn(*[env[n] for n in names])


def _sample_points(rng, names, count=40):
    for i in range(count):
        if i % 3 == 0:
            yield {n: rng.uniform(0.1, 0.9) for n in names}
        elif i % 3 == 1:
            yield {n: rng.uniform(1.1, 3.0) for n in names}
        else:
            yield {n: rng.uniform(-2.5, 2.5) for n in names}


def check_numeric(case, expr, names):
    evaluate = dialect_evaluator(case)
    if evaluate is None:
        return "no independent evaluation", False
    if case["lang"] in ("latex", "plain"):
        missing = set(names) ^ set(_arg_names(HAND[(case["lang"], case["expr"])]))
        if missing:
            return f"hand-written evaluation and plain disagree on symbols {sorted(missing)}", True
    rng = random.Random(case["id"])
    good = 0
    for pts in _sample_points(rng, names):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                want = complex(evaluate(pts))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            continue
        if not (math.isfinite(want.real) and want.imag == 0):
            continue
        got = complex(expr.evalf(30, subs={symbol(n): v for n, v in pts.items()}))
        if abs(got - want) > 1e-9 * max(1.0, abs(want)):
            return f"mismatch at {pts}: dialect = {want.real}, plain = {got}", True
        good += 1
        if good >= 5:
            return None, False
    return f"only {good} points where the dialect expression is defined", True


def main(argv=None):
    path = (argv or sys.argv[1:] or [os.path.join(ROOT, "test", "corpus", "dialects.jsonl")])[0]
    problems = []
    counts: dict[str, int] = {}
    refusals = 0
    seen = set()
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            case = json.loads(line)
            cid = case.get("id")
            where = f"{cid or 'line ' + str(lineno)}"
            if not cid or cid in seen:
                problems.append(f"{where}: missing or duplicate id")
            seen.add(cid)
            lang = case.get("lang")
            if lang not in LANGS:
                problems.append(f"{where}: bad lang {lang!r}")
                continue
            counts[lang] = counts.get(lang, 0) + 1
            if not isinstance(case.get("expr"), str):
                problems.append(f"{where}: expr must be a string")
                continue
            if "context" in case and not isinstance(case["context"], str):
                problems.append(f"{where}: context must be a string")
            allowed = {"id", "lang", "expr", "plain", "error", "offset", "context"}
            if set(case) - allowed:
                problems.append(f"{where}: unknown fields {sorted(set(case) - allowed)}")
            if case.get("error"):
                refusals += 1
                if "plain" in case:
                    problems.append(f"{where}: refusal must not have plain")
                off = case.get("offset")
                if off is not None and not (isinstance(off, int) and 0 <= off <= len(case["expr"])):
                    problems.append(f"{where}: offset {off!r} outside the expression")
                if lang == "plain":
                    try:
                        to_sympy(case["expr"])
                        problems.append(f"{where}: strict plain converter accepts {case['expr']!r}")
                    except PlainSyntaxError as exc:
                        want = -1 if off is None else off
                        if exc.offset != want:
                            problems.append(f"{where}: strict converter refuses at {exc.offset}, corpus says {want}")
                continue
            if "offset" in case:
                problems.append(f"{where}: offset without error")
            plain = case.get("plain")
            if not isinstance(plain, str):
                problems.append(f"{where}: accepted case needs plain")
                continue
            try:
                expr = to_sympy(plain)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{where}: plain {plain!r} does not parse: {exc}")
                continue
            why, fatal = check_numeric(case, expr, free_names(plain))
            if why:
                (problems if fatal else []).append(f"{where}: {why}")
                if not fatal:
                    print(f"note {where}: {why}", file=sys.stderr)
    for p in problems:
        print("FAIL " + p, file=sys.stderr)
    total = sum(counts.values())
    print(f"{total} cases ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}), "
          f"{refusals} refusals, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
