#!/usr/bin/env python3
"""Write the calculus corpora with SymPy's answers: tangent lines, Taylor polynomials, implicit derivatives.

test/corpus/tangent.jsonl   {id, lang, expr, sympy, wrt, at, fa, slope, rhs}
    fa = f(a), slope = f'(a), rhs = expand(f(a) + f'(a)(x - a)), all simplified by SymPy.
test/corpus/taylor.jsonl    {id, lang, expr, sympy, wrt, at, order, polynomial}
    polynomial = series(f, x, a, order + 1).removeO().
test/corpus/implicit.jsonl  {id, lang, expr, sympy, wrt, of, order, first, second?, points}
    first = idiff(F, y, x), second = idiff(F, y, x, 2), points = a few (x, y) on the curve F = 0
    (found by scanning y and bisecting in floating point, refined with mpmath).

References are in the plain grammar (bench/plain_sympy.py's to_plain) so the unit tests read them
with the engine's plain reader and compare numerically (never as strings). `expr` is the case in its
notation: plain as written, or SymPy's own printer for python (numpy), javascript, matlab, julia and
latex; `sympy` is the same expression in SymPy's syntax.

Every reference is checked here before anything is written: it must print in the plain grammar and
parse back to the same value at points near a (Taylor: the error |f - T| shrinks at order n + 1;
tangent: the line meets f at a; implicit: points satisfy F = 0). Exit status 1 on any failure.

Usage: python3 bench/make_calculus_corpus.py [--out-dir test/corpus] [--check]
  --check: recompute and compare with the files instead of writing them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import sympy  # noqa: E402
from sympy.printing.numpy import NumPyPrinter  # noqa: E402

from plain_sympy import to_plain, to_sympy  # noqa: E402

X, Y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)

# ── cases: (plain expression, point) ─────────────────────────────────────────
TANGENT = [
    ("x^3 - 3*x", "2"), ("sin(x)", "pi/4"), ("cos(x)", "pi/3"), ("tan(x)", "pi/4"), ("exp(x)", "0"),
    ("exp(x)", "1"), ("log(x)", "1"), ("log(x)", "e"), ("sqrt(x)", "4"), ("1/x", "2"),
    ("x^2", "-1"), ("x^2 + 2*x + 1", "0.5"), ("x*sin(x)", "pi/2"), ("x^2*exp(-x)", "1"), ("atan(x)", "1"),
    ("asin(x)", "1/2"), ("sinh(x)", "0"), ("cosh(x)", "1"), ("tanh(x)", "0"), ("x^(1/3)", "8"),
    ("(x + 1)/(x - 1)", "2"), ("x/(x^2 + 1)", "1"), ("log(x^2 + 1)", "1"), ("exp(-x^2)", "1"), ("sin(x)^2", "pi/6"),
    ("cos(2*x)", "pi/8"), ("sqrt(1 - x^2)", "1/2"), ("x*log(x)", "e"), ("2^x", "3"), ("sin(x)/x", "pi"),
    ("acos(x)", "0"), ("x^4 - 4*x^3", "3"), ("1/(1 + exp(-x))", "0"), ("sec(x)", "pi/3"), ("cot(x)", "pi/4"),
    ("x^5", "-2"), ("sqrt(x^2 + 9)", "4"), ("log(sin(x))", "pi/2"), ("exp(sin(x))", "pi"), ("x^3 - 2*x + 5", "1/3"),
    ("cos(x)^3", "pi/4"), ("x*exp(x)", "-1"), ("log(x)/x", "1"), ("sin(3*x)", "pi/6"), ("x^2 - 5*x + 6", "2.5"),
]
TANGENT_TRANSLATED = [
    ("python", "x^3 - 3*x", "2"), ("python", "sin(x)", "pi/4"), ("python", "exp(-x^2)", "1"), ("python", "log(x^2 + 1)", "1"),
    ("python", "sqrt(x^2 + 9)", "4"), ("latex", "x^3 - 3*x", "2"), ("latex", "sin(x)", "pi/3"), ("latex", "x*exp(x)", "0"),
    ("latex", "sqrt(x)", "9"), ("javascript", "cos(x)", "pi/6"), ("javascript", "x^2*exp(-x)", "2"), ("javascript", "atan(x)", "1"),
    ("matlab", "x^3 - 2*x + 5", "1"), ("matlab", "sin(x)^2", "pi/4"), ("julia", "exp(x)", "0"), ("julia", "log(x)", "2"),
    ("julia", "x/(x^2 + 1)", "0"), ("matlab", "tanh(x)", "1"),
]

TAYLOR = [
    ("sin(x)", "0", 7), ("cos(x)", "0", 6), ("exp(x)", "0", 5), ("exp(x)", "1", 4), ("log(1 + x)", "0", 6),
    ("log(x)", "1", 5), ("1/(1 - x)", "0", 5), ("sqrt(1 + x)", "0", 4), ("atan(x)", "0", 9), ("tan(x)", "0", 7),
    ("sinh(x)", "0", 7), ("cosh(x)", "0", 6), ("exp(sin(x))", "0", 5), ("sin(x)", "pi/4", 4), ("cos(x)", "pi/3", 4),
    ("x^3 - 2*x + 1", "1", 3), ("1/x", "2", 4), ("sqrt(x)", "4", 3), ("exp(-x^2)", "0", 8), ("x*exp(x)", "0", 5),
    ("log(cos(x))", "0", 6), ("asin(x)", "0", 7), ("(1 + x)^(1/3)", "0", 4), ("1/(1 + x^2)", "0", 8), ("exp(x)*sin(x)", "0", 6),
    ("sin(2*x)", "0", 5), ("x^2*log(x)", "1", 4), ("tanh(x)", "0", 7), ("sec(x)", "0", 6), ("cos(x)^2", "0", 6),
    ("log(2 + x)", "0", 4), ("2^x", "0", 4), ("atan(x)", "1", 3), ("exp(x)", "-1", 3), ("1/(2 - x)", "1", 4),
    ("sin(x)", "pi", 5), ("sqrt(1 - x)", "0", 5), ("x/(1 - x)", "0", 5), ("exp(2*x)", "0", 6), ("sin(x)*cos(x)", "0", 6),
    ("log(1 + x^2)", "0", 6), ("cosh(x)", "1", 3), ("x^4 - 3*x^2", "2", 4), ("exp(x)/(1 + x)", "0", 4), ("sin(x)", "pi/6", 3),
]
TAYLOR_TRANSLATED = [
    ("python", "sin(x)", "0", 7), ("python", "exp(x)", "1", 3), ("python", "log(1 + x)", "0", 5), ("python", "cos(x)", "pi/4", 3),
    ("latex", "sin(x)", "0", 5), ("latex", "exp(x)", "0", 4), ("latex", "log(x)", "1", 4), ("latex", "sqrt(1 + x)", "0", 3),
    ("javascript", "atan(x)", "0", 5), ("javascript", "exp(-x^2)", "0", 6), ("javascript", "1/(1 - x)", "0", 4),
    ("matlab", "tan(x)", "0", 5), ("matlab", "cosh(x)", "0", 4), ("julia", "sinh(x)", "0", 5), ("julia", "log(2 + x)", "0", 3),
    ("julia", "exp(x)*cos(x)", "0", 4),
]

# (plain left side, plain right side)
IMPLICIT = [
    ("x^2 + y^2", "1"), ("x^3 + y^3", "6*x*y"), ("x^2 - y^2", "1"), ("x*y", "1"), ("y^2", "x^3 + x"),
    ("x^2 + x*y + y^2", "3"), ("y^3 + y", "x"), ("x^2/4 + y^2/9", "1"), ("sqrt(x) + sqrt(y)", "3"), ("y^2", "4*x"),
    ("x^3 + y^3", "1"), ("x^2*y + y^3", "2"), ("cos(y)", "x"), ("x^4 + y^4", "16"), ("x*y^2 + y", "3"),
    ("tan(y)", "x"), ("exp(y)", "x^2 + 1"), ("sin(x) + cos(y)", "1"), ("x^2 + 4*y^2", "4"), ("y^5 + x*y", "2"),
    ("exp(x*y)", "2"), ("y + sin(y)", "x"), ("x^2 - x*y + y^2", "7"), ("y*exp(y)", "x"), ("log(y) + y", "x"),
    ("x^3 - y^2", "2"), ("(x^2 + y^2)^2", "4*(x^2 - y^2) + 1"), ("atan(y)", "x/2"), ("y^3 - 3*y", "x"), ("x*cos(y) + y", "2"),
]
IMPLICIT_TRANSLATED = [
    ("python", "x^2 + y^2", "1"), ("python", "x^3 + y^3", "6*x*y"), ("python", "y^3 + y", "x"), ("latex", "x^2 + y^2", "1"),
    ("latex", "x^3 + y^3", "6*x*y"), ("latex", "y^2", "x^3 + x"), ("javascript", "x*y^2 + y", "3"), ("matlab", "x^2 + x*y + y^2", "3"),
    ("julia", "exp(y)", "x^2 + 1"), ("python", "sin(x) + cos(y)", "1"),
]


def in_notation(expr: sympy.Expr, lang: str) -> str:
    """The expression as SymPy's printer for the notation writes it."""
    if lang == "plain":
        return to_plain(expr)
    if lang == "python":
        return NumPyPrinter({"fully_qualified_modules": True}).doprint(expr).replace("numpy.", "np.")
    if lang == "javascript":
        return sympy.jscode(expr)
    if lang == "matlab":
        return sympy.octave_code(expr)
    if lang == "julia":
        return sympy.julia_code(expr)
    if lang == "latex":
        return sympy.latex(expr)
    raise ValueError(lang)


def equation_in(lhs: sympy.Expr, rhs: sympy.Expr, lang: str) -> str:
    if lang == "python":
        return f"{in_notation(lhs, lang)} == {in_notation(rhs, lang)}"
    if lang in ("javascript",):
        return f"{in_notation(lhs, lang)} === {in_notation(rhs, lang)}"
    if lang in ("matlab", "julia"):
        return f"{in_notation(lhs, lang)} == {in_notation(rhs, lang)}"
    return f"{in_notation(lhs, lang)} = {in_notation(rhs, lang)}"


def value(e: sympy.Expr, subs: dict) -> float:
    v = complex(sympy.N(e.subs(subs), 30))
    if abs(v.imag) > 1e-12 * max(1.0, abs(v.real)):
        raise ValueError(f"{e} is not real at {subs}")
    return v.real


def round_trip(e: sympy.Expr) -> str:
    """e in the plain grammar, checked to parse back to the same value."""
    text = to_plain(e)
    back = to_sympy(text)
    syms = sorted(e.free_symbols | back.free_symbols, key=str)
    for k in range(3):
        subs = {s: sympy.Rational(7 + 5 * k + i, 10) for i, s in enumerate(syms)}
        a, b = value(e, subs), value(back, subs)
        if abs(a - b) > 1e-9 * max(1.0, abs(a)):
            raise ValueError(f"{e} prints as {text}, which reads back as {back}")
    return text


def tangent_case(i: int, lang: str, plain: str, at: str) -> dict:
    f = to_sympy(plain)
    a = to_sympy(at)
    fa = sympy.simplify(f.subs(X, a))
    slope = sympy.simplify(sympy.diff(f, X).subs(X, a))
    rhs = sympy.expand(fa + slope * (X - a))
    if value(rhs, {X: a}) - value(f, {X: a}) > 1e-12:
        raise ValueError(f"tangent of {plain} at {at} does not meet f")
    return {"id": f"tangent-{i:03d}", "lang": lang, "expr": in_notation(f, lang) if lang != "plain" else plain, "sympy": str(f),
            "wrt": "x", "at": at, "fa": round_trip(fa), "slope": round_trip(slope), "rhs": round_trip(rhs)}


def taylor_case(i: int, lang: str, plain: str, at: str, order: int) -> dict:
    f = to_sympy(plain)
    a = to_sympy(at)
    poly = sympy.series(f, X, a, order + 1).removeO()
    # the error shrinks at order n + 1 (or faster): checked at two small steps
    errors = [abs(value(f - poly, {X: a + sympy.Rational(1, 2 ** k) / 8})) for k in (4, 5)]
    if errors[1] > 0 and errors[0] / errors[1] < 2 ** (order + 1) * 0.6:
        raise ValueError(f"SymPy's series of {plain} at {at} does not shrink at order {order + 1}: {errors}")
    return {"id": f"taylor-{i:03d}", "lang": lang, "expr": in_notation(f, lang) if lang != "plain" else plain, "sympy": str(f),
            "wrt": "x", "at": at, "order": order, "polynomial": round_trip(poly)}


def curve_points(F: sympy.Expr, wanted: int = 3) -> list[list[float]]:
    """Points (x, y) with F = 0 and F_y != 0, |x|, |y| <= 8: a scan of y at a few x, bisected, refined by mpmath."""
    f = sympy.lambdify((X, Y), F, "math")
    fy = sympy.lambdify((X, Y), sympy.diff(F, Y), "math")

    def g(x, y):
        try:
            v = f(x, y)
            return v if isinstance(v, float) and math.isfinite(v) else float(v)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return float("nan")

    points = []
    for x0 in (0.37, -0.61, 0.83, 1.27, -1.19, 0.12, 1.9, -2.3, 2.7):
        ys = [-8 + 16 * k / 400 for k in range(401)]
        vals = [g(x0, y) for y in ys]
        for k in range(400):
            a, b = vals[k], vals[k + 1]
            if not (math.isfinite(a) and math.isfinite(b)) or a * b > 0:
                continue
            lo, hi = ys[k], ys[k + 1]
            for _ in range(80):
                mid = (lo + hi) / 2
                if g(x0, lo) * g(x0, mid) <= 0:
                    hi = mid
                else:
                    lo = mid
            y0 = (lo + hi) / 2
            try:
                slope_ok = abs(fy(x0, y0)) > 1e-3
            except (ValueError, ZeroDivisionError):
                slope_ok = False
            if abs(g(x0, y0)) < 1e-9 and slope_ok:
                points.append([x0, y0])
                break
        if len(points) >= wanted:
            break
    return points


def implicit_case(i: int, lang: str, lhs_plain: str, rhs_plain: str, order: int) -> dict:
    lhs, rhs = to_sympy(lhs_plain), to_sympy(rhs_plain)
    F = lhs - rhs
    first = sympy.simplify(sympy.idiff(F, Y, X))
    points = curve_points(F)
    if len(points) < 2:
        raise ValueError(f"too few points on {lhs_plain} = {rhs_plain}")
    case = {"id": f"implicit-{i:03d}", "lang": lang,
            "expr": f"{lhs_plain} = {rhs_plain}" if lang == "plain" else equation_in(lhs, rhs, lang),
            "sympy": f"Eq({lhs}, {rhs})", "wrt": "x", "of": "y", "order": order, "first": round_trip(first)}
    if order == 2:
        case["second"] = round_trip(sympy.simplify(sympy.idiff(F, Y, X, 2)))
    case["points"] = points
    return case


def build() -> dict[str, list[dict]]:
    tangent = [tangent_case(i + 1, "plain", p, a) for i, (p, a) in enumerate(TANGENT)]
    tangent += [tangent_case(len(tangent) + i + 1, lang, p, a) for i, (lang, p, a) in enumerate(TANGENT_TRANSLATED)]
    taylor = [taylor_case(i + 1, "plain", p, a, n) for i, (p, a, n) in enumerate(TAYLOR)]
    taylor += [taylor_case(len(taylor) + i + 1, lang, p, a, n) for i, (lang, p, a, n) in enumerate(TAYLOR_TRANSLATED)]
    implicit = []
    for order in (1, 2):
        for lhs, rhs in IMPLICIT:
            implicit.append(implicit_case(len(implicit) + 1, "plain", lhs, rhs, order))
    for k, (lang, lhs, rhs) in enumerate(IMPLICIT_TRANSLATED):
        implicit.append(implicit_case(len(implicit) + 1, lang, lhs, rhs, 1 + k % 2))
    return {"tangent": tangent, "taylor": taylor, "implicit": implicit}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", default=os.path.join(ROOT, "test", "corpus"))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    try:
        corpora = build()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    status = 0
    for name, cases in corpora.items():
        path = os.path.join(args.out_dir, f"{name}.jsonl")
        text = "".join(json.dumps(c) + "\n" for c in cases)
        if args.check:
            with open(path, encoding="utf-8") as fh:
                if fh.read() != text:
                    print(f"{path} differs from SymPy's answers", file=sys.stderr)
                    status = 1
        else:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        print(f"{name}: {len(cases)} cases")
    return status


if __name__ == "__main__":
    sys.exit(main())
