#!/usr/bin/env python3
"""Time SymPy on the calculus corpora, for bench/calculus.ts.

Reads test/corpus/tangent.jsonl, taylor.jsonl and implicit.jsonl and times, per case, what SymPy does
for the same question (its cache cleared before each run, so every run computes from scratch):

  tangent   f(a), f'(a) simplified and the line expand(f(a) + f'(a)(x - a))
  taylor    series(f, x, a, order + 1).removeO()
  implicit  idiff(F, y, x) (and idiff(F, y, x, 2) for order 2)

Writes one JSON line per case: {"op", "id", "ok", "ms"} (the best of --repeat runs) or {"op", "id",
"ok": false, "error"} (an exception or --timeout seconds passed).

Usage: python3 bench/sympy_calculus.py [--repeat N] [--timeout S]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import sympy  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402

from plain_sympy import to_sympy  # noqa: E402

X, Y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
NAMES = {"x": X, "y": Y, "pi": sympy.pi, "E": sympy.E, "Eq": sympy.Eq}


class Timeout(Exception):
    pass


def on_alarm(_signum, _frame):
    raise Timeout()


def tangent(case):
    f = sympy.sympify(case["sympy"], locals=NAMES)
    a = to_sympy(case["at"])
    fa = sympy.simplify(f.subs(X, a))
    slope = sympy.simplify(sympy.diff(f, X).subs(X, a))
    return sympy.expand(fa + slope * (X - a))


def taylor(case):
    f = sympy.sympify(case["sympy"], locals=NAMES)
    return sympy.series(f, X, to_sympy(case["at"]), case["order"] + 1).removeO()


def implicit(case):
    eq = sympy.sympify(case["sympy"], locals=NAMES)
    F = eq.lhs - eq.rhs
    first = sympy.idiff(F, Y, X)
    return sympy.idiff(F, Y, X, 2) if case["order"] == 2 else first


OPERATIONS = {"tangent": tangent, "taylor": taylor, "implicit": implicit}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, on_alarm)
    for op, run in OPERATIONS.items():
        with open(os.path.join(ROOT, "test", "corpus", f"{op}.jsonl"), encoding="utf-8") as fh:
            cases = [json.loads(line) for line in fh if line.strip()]
        for case in cases:
            best = None
            error = None
            for _ in range(args.repeat):
                clear_cache()
                signal.setitimer(signal.ITIMER_REAL, args.timeout)
                started = time.perf_counter()
                try:
                    run(case)
                    ms = (time.perf_counter() - started) * 1000
                    best = ms if best is None else min(best, ms)
                except Timeout:
                    error = f"timeout after {args.timeout} s"
                    break
                except Exception as e:  # noqa: BLE001 — any SymPy failure is reported, not fatal
                    error = f"{type(e).__name__}: {e}"
                    break
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            line = {"op": op, "id": case["id"], "ok": True, "ms": best} if error is None else {"op": op, "id": case["id"], "ok": False, "error": error}
            print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
