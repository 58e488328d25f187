#!/usr/bin/env python3
"""Evaluator for bench/check_readings.ts: Python code as Python itself runs it, and plain readings.

Reads a JSON list of jobs from the file named by argv[1], writes a JSON list of answers to stdout.

  {"id", "kind": "python", "code", "context", "points": [{name: value}, ...]}
      runs `context` (imports), then evaluates `code` at each point, variables bound to
      numpy.float64 (numpy semantics: a negative base to a fractional power is NaN, not complex),
      lists to numpy arrays; the value must be a number.
      An assignment `y = ...` is run as a statement and its target read back.
  {"id", "kind": "plain", "code", "points"}
      evaluates a reading in the strict plain grammar of bench/plain_sympy.py (`^` right-associative,
      `-x^2` = -(x^2), no implicit products). A negative base to a literal rational power with an
      odd denominator is the real root, as in the engine ((-8)^(1/3) = -2).

Answer: {"id", "status": "ok" | "syntax" | "error", "message", "values": [float | null]}; null where
the value is undefined (NaN, infinite, complex, a domain error).
"""

from __future__ import annotations

import ast
import json
import math

import mpmath
import scipy.special
import scipy.stats
import os
import sys
import warnings
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plain_sympy  # noqa: E402  (the strict plain grammar, shared with the SymPy benchmarks)

warnings.simplefilter("ignore")
np.seterr(all="ignore")


def real_pow(base, exponent):
    base, exponent = float(base), float(exponent)
    if base < 0 and not exponent.is_integer():
        frac = Fraction(exponent).limit_denominator(1000)
        if abs(float(frac) - exponent) < 1e-12 and frac.denominator % 2 == 1:
            root = (-base) ** exponent
            return -root if frac.numerator % 2 else root
        return math.nan
    try:
        return base ** exponent
    except (ZeroDivisionError, OverflowError):
        return math.nan


def _unary(f):
    return lambda v: float(f(np.float64(v)))


# plain function name -> numeric implementation (real, NaN outside the domain)
PLAIN_NUMERIC = {
    "sin": _unary(np.sin), "cos": _unary(np.cos), "tan": _unary(np.tan),
    "sec": _unary(lambda v: 1 / np.cos(v)), "csc": _unary(lambda v: 1 / np.sin(v)), "cot": _unary(lambda v: 1 / np.tan(v)),
    "asin": _unary(np.arcsin), "acos": _unary(np.arccos), "atan": _unary(np.arctan),
    "acot": _unary(lambda v: np.arctan(1 / v)), "asec": _unary(lambda v: np.arccos(1 / v)), "acsc": _unary(lambda v: np.arcsin(1 / v)),
    "sinh": _unary(np.sinh), "cosh": _unary(np.cosh), "tanh": _unary(np.tanh),
    "sech": _unary(lambda v: 1 / np.cosh(v)), "csch": _unary(lambda v: 1 / np.sinh(v)), "coth": _unary(lambda v: 1 / np.tanh(v)),
    "asinh": _unary(np.arcsinh), "acosh": _unary(np.arccosh), "atanh": _unary(np.arctanh),
    "acoth": _unary(lambda v: np.arctanh(1 / v)), "asech": _unary(lambda v: np.arccosh(1 / v)), "acsch": _unary(lambda v: np.arcsinh(1 / v)),
    "exp": _unary(np.exp), "sqrt": _unary(np.sqrt), "abs": _unary(np.abs), "sign": _unary(np.sign),
    "cbrt": _unary(np.cbrt), "gamma": lambda v: math.gamma(v), "lgamma": lambda v: math.lgamma(v),
    "digamma": lambda v: float(mpmath.digamma(v)), "polygamma": lambda n, v: float(mpmath.polygamma(n, v)),
    "log": lambda v, b=None: float(np.log(np.float64(v)) / (1 if b is None else np.log(np.float64(b)))),
}
# the one-argument functions of the ML vocabulary (issue 11), as scipy and numpy define them
PLAIN_NUMERIC.update({
    "erf": lambda v: float(scipy.special.erf(v)), "erfc": lambda v: float(scipy.special.erfc(v)),
    "sigmoid": lambda v: float(scipy.special.expit(v)), "log_sigmoid": lambda v: float(scipy.special.log_expit(v)),
    "softplus": lambda v: float(np.logaddexp(0, v)), "silu": lambda v: float(v * scipy.special.expit(v)),
    "gelu": lambda v: float(v * scipy.special.ndtr(v)),
    "normcdf": lambda v: float(scipy.stats.norm.cdf(v)), "normpdf": lambda v: float(scipy.stats.norm.pdf(v)),
    "gelu_tanh": lambda v: float(0.5 * v * (1 + np.tanh(np.sqrt(2 / np.pi) * (v + 0.044715 * v**3)))),
    "sinc": _unary(np.sinc), "relu": lambda v: float(max(v, 0.0)), "heaviside": lambda v: float(np.heaviside(v, 0.5)),
    "floor": _unary(np.floor), "ceil": _unary(np.ceil), "round": _unary(np.round),
    "max": lambda u, v: float(max(u, v)), "min": lambda u, v: float(min(u, v)), "where": lambda c, a, b: float(a if c else b),
    "clip": lambda u, lo, hi: float(min(max(u, lo), hi)),
})
for _name in PLAIN_NUMERIC:  # the grammar checks names against this table
    plain_sympy.FUNCTIONS.setdefault(_name, None)


class _PowToCall(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Pow):
            return ast.copy_location(ast.Call(func=ast.Name("_pow", ast.Load()), args=[node.left, node.right], keywords=[]), node)
        return node


def number(v) -> float | None:
    if isinstance(v, (complex, np.complexfloating)):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def answer(job, status, message="", values=None):
    return {"id": job["id"], "status": status, "message": message, "values": values or []}


def run_plain(job):
    try:
        src, names = plain_sympy.parse_to_python(job["code"])
    except plain_sympy.PlainSyntaxError as err:
        return answer(job, "syntax", str(err))
    tree = ast.fix_missing_locations(_PowToCall().visit(ast.parse(src, mode="eval")))
    code = compile(tree, "<plain>", "eval")
    env = {f"_F_{k}": f for k, f in PLAIN_NUMERIC.items()}
    env.update({"_C_pi": math.pi, "_C_e": math.e, "_pow": real_pow, "__builtins__": {}})
    values = []
    for point in job["points"]:
        missing = [n for n in names if n not in point]
        if missing:
            return answer(job, "error", f"no value for {', '.join(missing)}")
        scope = dict(env)
        scope.update({ph: float(point[n]) for n, ph in names.items()})
        try:
            values.append(number(eval(code, scope)))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            values.append(None)
    return answer(job, "ok", values=values)


def run_python(job):
    text = job["code"]
    try:
        code, target = compile(text, "<selection>", "eval"), None
    except SyntaxError as eval_error:
        try:
            tree = ast.parse(text, mode="exec")
        except SyntaxError:
            return answer(job, "syntax", f"SyntaxError: {eval_error.msg}")
        last = tree.body[-1] if tree.body else None
        if not (isinstance(last, ast.Assign) and isinstance(last.targets[0], ast.Name)):
            return answer(job, "syntax", f"SyntaxError: {eval_error.msg}")
        code, target = compile(tree, "<selection>", "exec"), last.targets[0].id
    values = []
    for point in job["points"]:
        scope: dict = {}
        try:
            exec(job.get("context") or "", scope)
            scope.update({n: np.array(v, dtype=float) if isinstance(v, list) else np.float64(v) for n, v in point.items()})
            if target is None:
                v = eval(code, scope)
            else:
                exec(code, scope)
                v = scope[target]
        except (ZeroDivisionError, OverflowError, ValueError) as err:
            if "domain" in str(err) or isinstance(err, (ZeroDivisionError, OverflowError)):
                values.append(None)
                continue
            return answer(job, "error", f"{type(err).__name__}: {err}")
        except Exception as err:  # the language rejects it at run time (NameError, TypeError…)
            return answer(job, "error", f"{type(err).__name__}: {err}")
        values.append(number(v))
    return answer(job, "ok", values=values)


def main():
    with open(sys.argv[1], encoding="utf8") as f:
        jobs = json.load(f)
    out = [run_plain(j) if j["kind"] == "plain" else run_python(j) for j in jobs]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
