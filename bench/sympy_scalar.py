#!/usr/bin/env python3
"""SymPy side of the scalar derivative benchmark.

Reads JSON Lines on stdin, one case per line: {"id", "expr", "wrt", "order"}
(``expr`` in the plain grammar, see bench/plain_sympy.py; ``order`` defaults
to 1, ``wrt`` to the only free symbol).  A case may instead give
``reference``: the expression in the differential fuzzer's SymPy syntax
(bench/fuzz_sympy.py, with its real |u|, sign(u) and cube root), which is
how the fuzzer's corpus is measured.  For each case it parses the
expression (not timed), then times ``sympy.simplify(sympy.diff(expr, wrt,
order))`` with time.perf_counter and writes one JSON line to stdout:

    {"id": ..., "ok": true, "result": "<plain>", "ms": <float>}
    {"id": ..., "ok": false, "error": "..."}

There is no warm-up run: the first run is timed and reported.  With
``--repeat N`` each case is run N times (SymPy's cache is cleared before every
run so that later runs are not served from it) and the median is reported as
``ms``; ``ms_first`` then holds the first run.  When plain simplify turns sign(u)
into a Piecewise, the sign-preserving fallback of
plain_sympy.simplify_for_plain is used (its time included) and the output
has ``"fallback": true``.  ``--timeout S`` gives up on a
case after S seconds (reported as ok=false).

Usage: python3 bench/sympy_scalar.py [--repeat N] [--timeout S] < cases.jsonl
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

import sympy  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402

from plain_sympy import free_names, simplify_for_plain, symbol, to_plain, to_sympy  # noqa: E402
from fuzz_sympy import rabs, rcbrt, read_reference, rsign  # noqa: E402


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):  # pragma: no cover - signal handler
    raise _Timeout()


def as_plain_functions(expr):
    """The fuzzer's real |u|, sign(u) and cube root as the plain grammar's abs, sign and u^(1/3)."""
    return expr.replace(rabs, sympy.Abs).replace(rsign, sympy.sign).replace(rcbrt, lambda u: u ** sympy.Rational(1, 3))


def derive(expr, wrt, order):
    """(simplified derivative, fallback used) -- see plain_sympy.simplify_for_plain."""
    return simplify_for_plain(sympy.diff(expr, wrt, order))


def run_case(case: dict, repeat: int, timeout: float | None) -> dict:
    cid = case.get("id")
    try:
        text = case.get("expr", "")
        order = int(case.get("order", 1) or 1)
        if order < 1:
            raise ValueError("order must be 1 or more")
        wrt_name = case.get("wrt")
        if not wrt_name and "reference" in case:
            raise ValueError("wrt is required with reference")
        if not wrt_name:
            names = free_names(text)
            if len(names) != 1:
                raise ValueError(f"wrt is ambiguous: free symbols {names}")
            wrt_name = names[0]
        expr = read_reference(case["reference"]) if "reference" in case else to_sympy(text)
        wrt = symbol(wrt_name)
        times = []
        result = None
        fallback = False
        for _ in range(repeat):
            clear_cache()
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                t0 = time.perf_counter()
                result, fallback = derive(expr, wrt, order)
                times.append((time.perf_counter() - t0) * 1000.0)
            finally:
                if timeout:
                    signal.setitimer(signal.ITIMER_REAL, 0)
        out = {"id": cid, "ok": True, "result": to_plain(as_plain_functions(result)), "ms": round(statistics.median(times), 3)}
        if repeat > 1:
            out["ms_first"] = round(times[0], 3)
        if fallback:
            out["fallback"] = True
        return out
    except _Timeout:
        return {"id": cid, "ok": False, "error": f"timeout after {timeout} s"}
    except Exception as exc:  # noqa: BLE001 - every failure is reported per case
        return {"id": cid, "ok": False, "error": f"{type(exc).__name__}: {exc}"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=1, help="runs per case; the median is reported")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per run before giving up")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be 1 or more")
    if args.timeout:
        signal.signal(signal.SIGALRM, _on_alarm)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            out = {"id": None, "ok": False, "error": f"bad JSON: {exc}"}
        else:
            out = run_case(case, args.repeat, args.timeout)
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
