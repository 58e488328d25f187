#!/usr/bin/env python3
"""SymPy side of the antiderivative corpus and benchmark (test/corpus/integrals.jsonl).

Two modes.

``--update CORPUS``: fills each case's SymPy references in place.  A case is
``{"id", "category", "integrand", "wrt", "source"}`` with optional ``"from"``
and ``"to"`` (exact constants in the plain grammar, or inf / -inf).  Written back:

    "sympy":        sympy.integrate(integrand, wrt) in the plain grammar (with
                    parameters, the generic branch of SymPy's Piecewise, e.g.
                    exp(a*x)/a for a != 0), or null when SymPy leaves an Integral
                    or answers with a function the plain reader lacks (Si, Ei,
                    erfi, li...);
    "sympy_note":   why "sympy" is null;
    "sympy_exact":  for bounds, SymPy's definite integral in plain (or null);
    "sympy_value":  for bounds, mpmath.quad at 30 digits (a string), or null
                    when SymPy says the integral diverges;
    "diverges":     true when SymPy's definite integral is infinite.

Timing mode (default): JSON Lines on stdin ({"id", "integrand", "wrt"}),
one line out per case, ``{"id", "ok", "ms", "answered", "result"}``, where
``ms`` is the median of ``--repeat`` runs of ``sympy.integrate`` (the cache
cleared before each; parsing not timed) and ``answered`` is false when SymPy
left an Integral.  ``--timeout S`` gives up after S seconds (ok false).

Usage:
    python3 bench/integrate_sympy.py --update test/corpus/integrals.jsonl
    python3 bench/integrate_sympy.py [--repeat N] [--timeout S] < cases.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mpmath  # noqa: E402
import sympy  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402

from plain_sympy import PlainPrinter, PlainPrintError, symbol, to_sympy  # noqa: E402

# functions the plain reader of the extension knows beyond plain_sympy's printing table
_EXTRA = {"erf": "erf", "erfc": "erfc", "asec": "asec", "acsc": "acsc", "acot": "acot", "sech": "sech", "csch": "csch", "coth": "coth"}


class ReferencePrinter(PlainPrinter):
    """plain_sympy's printer, with erf and the reciprocal functions the extension reads."""

    def _print_Function(self, expr):
        name = type(expr).__name__
        if name in _EXTRA:
            return _EXTRA[name] + "(%s)" % self.stringify(expr.args, ", ")
        return super()._print_Function(expr)


_printer = ReferencePrinter({"full_prec": False})
_FORBIDDEN = (sympy.Integral, sympy.Piecewise, sympy.Heaviside, sympy.DiracDelta)


def reference(expr) -> str:
    """``expr`` in the plain grammar; PlainPrintError when it cannot be written there."""
    if expr.has(*_FORBIDDEN) or expr.has(sympy.I, sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise PlainPrintError("contains " + ", ".join(sorted({type(a).__name__ for a in sympy.preorder_traversal(expr) if isinstance(a, _FORBIDDEN)}) or ["I/oo/nan"]))
    out = _printer.doprint(expr)
    if "**" in out:
        raise PlainPrintError(f"printed form contains **: {out}")
    return out


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):  # pragma: no cover - signal handler
    raise _Timeout()


def with_timeout(seconds: float, work):
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def antiderivative(case):
    f = to_sympy(case["integrand"])
    x = symbol(case["wrt"])
    F = sympy.integrate(f, x)
    # with parameters SymPy answers Piecewise((exp(a*x)/a, Ne(a, 0)), (x, True)): the generic branch
    if isinstance(F, sympy.Piecewise) and x not in F.args[0][1].free_symbols:
        F = F.args[0][0]
    return f, F


def bound(text: str) -> sympy.Expr:
    """A bound in the plain grammar, or an infinity written inf, -inf, oo or -oo."""
    infinite = {"inf": sympy.oo, "oo": sympy.oo, "-inf": -sympy.oo, "-oo": -sympy.oo}
    return infinite.get(text.strip(), None) or to_sympy(text)


def update(path: str, timeout: float) -> None:
    cases = [json.loads(line) for line in open(path) if line.strip()]
    mpmath.mp.dps = 30
    for case in cases:
        for key in ("sympy", "sympy_note", "sympy_exact", "sympy_value", "diverges"):
            case.pop(key, None)
        x = symbol(case["wrt"])
        try:
            f, F = with_timeout(timeout, lambda: antiderivative(case))
            case["sympy"] = reference(F)
        except _Timeout:
            case["sympy"], case["sympy_note"] = None, f"SymPy took over {timeout} s"
        except PlainPrintError as error:
            case["sympy"], case["sympy_note"] = None, f"SymPy's answer is outside the plain grammar ({error})"
        if "from" in case:
            a, b = bound(case["from"]), bound(case["to"])
            f = to_sympy(case["integrand"])
            try:
                exact = with_timeout(timeout, lambda: sympy.integrate(f, (x, a, b)))
            except _Timeout:
                exact = None
            if exact is not None and exact.has(sympy.oo, -sympy.oo, sympy.zoo):
                case["diverges"], case["sympy_exact"], case["sympy_value"] = True, None, None
            else:
                try:
                    case["sympy_exact"] = reference(sympy.nsimplify(exact) if exact is not None and exact.is_Float else exact) if exact is not None else None
                except PlainPrintError:
                    case["sympy_exact"] = None
                g = sympy.lambdify(x, f, "mpmath")
                ends = [mpmath.inf if e == sympy.oo else -mpmath.inf if e == -sympy.oo else mpmath.mpf(sympy.N(e, 40)) for e in (a, b)]
                value = mpmath.quad(g, ends)
                case["sympy_value"] = mpmath.nstr(value, 25)
        print(case["id"], case["integrand"], "->", case.get("sympy"), case.get("sympy_exact", ""), case.get("sympy_value", ""), file=sys.stderr)
    with open(path, "w") as out:
        for case in cases:
            out.write(json.dumps(case) + "\n")


def time_cases(repeat: int, timeout: float) -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        f = to_sympy(case["integrand"])
        x = symbol(case["wrt"])
        runs: list[float] = []
        out: dict = {"id": case["id"]}
        try:
            for _ in range(repeat):
                clear_cache()
                started = time.perf_counter()
                F = with_timeout(timeout, lambda: sympy.integrate(f, x))
                runs.append((time.perf_counter() - started) * 1000)
            out.update(ok=True, ms=statistics.median(runs), answered=not F.has(sympy.Integral), result=str(F))
        except _Timeout:
            out.update(ok=False, error=f"timeout after {timeout} s", ms=timeout * 1000, answered=False)
        except Exception as error:  # SymPy raises on some inputs: reported, not fatal
            out.update(ok=False, error=f"{type(error).__name__}: {error}", ms=sum(runs), answered=False)
        print(json.dumps(out), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", metavar="CORPUS")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    if args.update:
        update(args.update, args.timeout)
    else:
        time_cases(args.repeat, args.timeout)


if __name__ == "__main__":
    main()
