#!/usr/bin/env python3
"""Fill in the expected derivatives of the scalar corpus.

Reads test/corpus/scalar.cases.jsonl (id, category, expr, wrt, order), computes
for each case ``sympy.simplify(sympy.diff(expr, wrt, order))`` with all
symbols real (via plain_sympy.simplify_for_plain: when simplify turns sign(u)
into a Piecewise, sign(u) is kept and the rest simplified), prints it in the plain grammar (bench/plain_sympy.py) and writes
test/corpus/scalar.jsonl in the same order, with an ``expected`` field added.

Every expected value is checked: it must print in the plain grammar (no
Piecewise, Heaviside, DiracDelta, re/im, I, zoo, nan, unlisted functions),
parse back with the converter, and agree with the unsimplified sympy.diff
numerically at several random real points where both are defined and real.
A case failing any check stops the script (exit status 1) and nothing is
written, so the source list has to be fixed instead.

The output is deterministic: fixed random seed, PYTHONHASHSEED pinned (the
script re-executes itself when it is not), output in source order.

Usage: python3 bench/make_scalar_corpus.py [--cases PATH] [--out PATH] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import sympy  # noqa: E402

from plain_sympy import free_names, simplify_for_plain, symbol, to_plain, to_sympy  # noqa: E402

FIELDS = ("id", "category", "expr", "wrt", "order")
CATEGORY_RE = r"[a-z0-9]+"


def _real_value(expr, subs):
    """expr at subs as a Python float, or None when undefined / not real."""
    try:
        v = expr.evalf(30, subs=subs)
    except Exception:  # noqa: BLE001
        return None
    if v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or not v.is_number:
        return None
    re_, im_ = v.as_real_imag()
    try:
        re_f, im_f = float(re_), float(im_)
    except TypeError:
        return None
    if im_f != 0 and abs(im_f) > 1e-25 * max(1.0, abs(re_f)):
        return None
    if re_f != re_f or re_f in (float("inf"), float("-inf")):
        return None
    return re_f


def _complex_value(expr, subs):
    try:
        v = complex(expr.evalf(30, subs=subs))
    except Exception:  # noqa: BLE001
        return None
    return v


def check_numeric(case_id, raw, reparsed, names, need=4, tries=200):
    """Compare raw (unsimplified diff) and reparsed expected at random real points."""
    rng = random.Random(case_id)
    syms = [symbol(n) for n in names]
    ok = 0
    for attempt in range(tries):
        # alternate between a wide range and the unit interval (asin, atanh domains)
        if attempt % 2 == 0:
            pts = {s: sympy.Float(round(rng.uniform(-3.0, 3.0), 6), 30) for s in syms}
        else:
            pts = {s: sympy.Float(round(rng.uniform(0.05, 0.95), 6), 30) for s in syms}
        want = _real_value(raw, pts)
        if want is None:
            continue
        got = _complex_value(reparsed, pts)
        if got is None:
            return f"expected is undefined at {pts} where diff = {want}"
        err = abs(got - want)
        if err > 1e-9 * max(1.0, abs(want)):
            return f"mismatch at {pts}: diff = {want}, expected = {got}"
        ok += 1
        if ok >= need:
            return None
    return f"only {ok} of {need} real points found where the derivative is defined"


def fill(case):
    cid = case["id"]
    try:
        expr = to_sympy(case["expr"])
        wrt = symbol(case["wrt"])
        order = int(case["order"])
        raw = sympy.diff(expr, wrt, order)
        simp, _fallback = simplify_for_plain(raw)
        expected = to_plain(simp)
        reparsed = to_sympy(expected)
        names = free_names(case["expr"])
        if case["wrt"] not in names:
            names.append(case["wrt"])
        extra = set(free_names(expected)) - set(names)
        if extra:
            return cid, None, f"expected has new symbols {sorted(extra)}"
        problem = check_numeric(cid, raw, reparsed, names)
        if problem:
            return cid, None, problem
        return cid, expected, None
    except Exception as exc:  # noqa: BLE001
        return cid, None, f"{type(exc).__name__}: {exc}"


def load_cases(path):
    import re

    cases = []
    seen = set()
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            case = json.loads(line)
            if tuple(case) != FIELDS:
                raise SystemExit(f"{path}:{lineno}: fields must be exactly {FIELDS}, got {tuple(case)}")
            if case["id"] in seen:
                raise SystemExit(f"{path}:{lineno}: duplicate id {case['id']}")
            if not re.fullmatch(CATEGORY_RE, case["category"]) or not case["id"].startswith(case["category"] + "-"):
                raise SystemExit(f"{path}:{lineno}: id {case['id']} does not match category {case['category']}")
            if not isinstance(case["order"], int) or case["order"] < 1:
                raise SystemExit(f"{path}:{lineno}: bad order")
            seen.add(case["id"])
            cases.append(case)
    return cases


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=os.path.join(ROOT, "test", "corpus", "scalar.cases.jsonl"))
    ap.add_argument("--out", default=os.path.join(ROOT, "test", "corpus", "scalar.jsonl"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)

    cases = load_cases(args.cases)
    if args.jobs > 1:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(fill, cases, chunksize=1)
    else:
        results = [fill(c) for c in cases]

    failures = [(cid, why) for cid, _, why in results if why]
    for cid, why in failures:
        print(f"FAIL {cid}: {why}", file=sys.stderr)
    if failures:
        print(f"{len(failures)} of {len(cases)} cases failed; nothing written", file=sys.stderr)
        return 1

    lines = []
    for case, (cid, expected, _) in zip(cases, results):
        assert cid == case["id"]
        row = dict(case)
        row["expected"] = expected
        lines.append(json.dumps(row, ensure_ascii=False))
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    counts = {}
    for c in cases:
        counts[c["category"]] = counts.get(c["category"], 0) + 1
    print(f"wrote {len(lines)} cases to {os.path.relpath(args.out, ROOT)}: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
