#!/usr/bin/env python3
"""Check test/corpus/matrix.jsonl, the matrix-calculus corpus.

Every case has: a unique ``id``; a ``category``; a ``source`` (Matrix Cookbook equation or the ML
loss it is); ``vars`` (name -> {"shape": [dims...], "props": ["symmetric"]?}); ``wrt``; ``order``
(1, or 2 for a Hessian); the expression in every dialect (``matrix``, ``python``, ``matlab``,
``julia``, ``latex``); ``expected``, the derivative as numpy code (numerator layout: a gradient has
the variable's shape, a Jacobian of f (m) by x (n) is m x n, a Hessian n x n); optional
``positive`` (inputs drawn positive, for logs and roots of entries).

For each case, at several random inputs of random small dimensions (2 to 4), the ``python`` field
is evaluated with numpy and differentiated by central differences (second differences for a
Hessian), and ``expected`` must agree (relative error below 1e-5). Inputs are drawn as the engine
draws them: square matrices diagonally dominant (so inverses and log-determinants exist), matrices
declared symmetric symmetric positive definite. With respect to a symmetric matrix the expected
derivative follows the symmetric convention, (G + G')/2: it is checked along symmetric
perturbations E_ij + E_ji (giving G_ij + G_ji) and must itself be symmetric.

The other dialects are not evaluated here (no MATLAB or Julia on these machines); the unit tests
check that each reads to the same function as the ``python`` field.

Exit status 1 when anything is wrong. Usage: python3 bench/check_matrix_corpus.py [PATH]
"""

from __future__ import annotations

import json
import os
import sys
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DIALECTS = ("matrix", "python", "matlab", "julia", "latex")
FIELDS = {"id", "category", "source", "vars", "wrt", "order", "expected", "positive", *DIALECTS}
MIN_CASES = 80


def draw_inputs(case, rng):
    """Random dimensions (2..4) and inputs of the declared shapes."""
    dims = {}
    for v in case["vars"].values():
        for d in v["shape"]:
            if isinstance(d, str) and d not in dims:
                dims[d] = int(rng.integers(2, 5))
    size = lambda d: dims[d] if isinstance(d, str) else int(d)  # noqa: E731
    positive = case.get("positive", False)
    values = {}
    for name, v in case["vars"].items():
        shape = tuple(size(d) for d in v["shape"])
        if shape == ():
            values[name] = rng.uniform(0.5, 1.5) if positive else rng.choice([-1, 1]) * rng.uniform(0.5, 1.5)
            continue
        a = rng.uniform(0.2, 1.2, shape) if positive else rng.uniform(-1, 1, shape)
        if len(shape) == 2 and shape[0] == shape[1]:
            if "symmetric" in v.get("props", []):
                a = np.tril(a) + np.tril(a, -1).T
            a = a + shape[0] * np.eye(shape[0])
        values[name] = a
    return dims, values


def evaluate(text, dims, values):
    ns = {"np": np, **dims, **values}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(eval(text, ns), dtype=float)  # noqa: S307 - corpus data


def perturbations(x, symmetric):
    """Directions along which the variable is perturbed, with the index they measure."""
    for idx in np.ndindex(x.shape):
        if symmetric and idx[0] > idx[1]:
            continue
        e = np.zeros(x.shape)
        e[idx] = 1.0
        if symmetric:
            e[idx[::-1]] = 1.0
        yield idx, e


def numeric_gradient(fun, values, wrt, symmetric, h=1e-5):
    x = np.asarray(values[wrt], dtype=float)
    f0 = fun(values)
    out = np.zeros(f0.shape + x.shape)
    for idx, e in perturbations(x, symmetric):
        plus = dict(values, **{wrt: x + h * e})
        minus = dict(values, **{wrt: x - h * e})
        out[(...,) + idx] = (fun(plus) - fun(minus)) / (2 * h)
    return out


def check_case(case, rng):
    """Returns a list of problems (empty when the case is right)."""
    problems = []
    missing = [k for k in ("id", "category", "source", "vars", "wrt", "order", "expected", *DIALECTS) if k not in case]
    if missing:
        return [f"missing fields {missing}"]
    extra = set(case) - FIELDS
    if extra:
        problems.append(f"unknown fields {sorted(extra)}")
    if case["wrt"] not in case["vars"]:
        return problems + [f"wrt {case['wrt']!r} is not declared"]
    order = case["order"]
    if order not in (1, 2):
        return problems + [f"order {order} (1 or 2)"]
    wrt = case["wrt"]
    symmetric = "symmetric" in case["vars"][wrt].get("props", [])
    good = 0
    for _ in range(12):
        if good >= 4:
            break
        dims, values = draw_inputs(case, rng)
        f = lambda vals: evaluate(case["python"], dims, vals)  # noqa: E731
        try:
            f0 = f(values)
            expected = evaluate(case["expected"], dims, values)
        except Exception as err:  # noqa: BLE001
            return problems + [f"evaluation failed: {err}"]
        if not np.all(np.isfinite(f0)) or not np.all(np.isfinite(expected)):
            continue
        if order == 1:
            numeric = numeric_gradient(f, values, wrt, symmetric)
        else:
            grad = lambda vals: numeric_gradient(f, vals, wrt, symmetric, h=1e-4)  # noqa: E731
            numeric = numeric_gradient(grad, values, wrt, symmetric, h=1e-4)
        x = np.asarray(values[wrt])
        want_shape = f0.shape + x.shape * order
        if expected.shape != want_shape and not (expected.size == numeric.size == 1):
            return problems + [f"expected has shape {expected.shape}, the derivative {want_shape}"]
        compare = expected.reshape(numeric.shape)
        if symmetric:
            if not np.allclose(compare, np.swapaxes(compare, -1, -2), rtol=1e-9, atol=1e-12):
                return problems + ["the derivative by a symmetric matrix must be symmetric (G + G')/2"]
            compare = compare + np.swapaxes(compare, -1, -2) - compare * np.eye(x.shape[0])
            # only the upper triangle is measured (one direction per symmetric pair)
            upper = np.triu(np.ones(x.shape))
            compare, numeric = compare * upper, numeric * upper
        if not np.all(np.isfinite(numeric)):
            continue
        # a vanishing derivative is measured against the size of the function
        scale = max(np.max(np.abs(numeric)), np.max(np.abs(compare)), 1e-3 * max(1.0, float(np.max(np.abs(f0)))))
        err = np.max(np.abs(numeric - compare)) / scale
        tol = 1e-5 if order == 1 else 1e-4
        if err > tol:
            return problems + [f"expected disagrees with central differences at dims {dims}: relative error {err:.2e}"]
        good += 1
    if good < 3:
        problems.append("too few random points where the expression is defined")
    return problems


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.join(ROOT, "test", "corpus", "matrix.jsonl")
    with open(path, encoding="utf8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    rng = np.random.default_rng(20260527)
    failures = 0
    ids = set()
    for case in cases:
        cid = case.get("id", "?")
        problems = []
        if cid in ids:
            problems.append("duplicate id")
        ids.add(cid)
        problems += check_case(case, rng)
        if problems:
            failures += 1
            print(f"FAIL {cid}: {'; '.join(problems)}")
    categories = sorted({c.get("category") for c in cases})
    if len(cases) < MIN_CASES:
        print(f"FAIL: only {len(cases)} cases (at least {MIN_CASES})")
        failures += 1
    hessians = sum(1 for c in cases if c.get("order") == 2)
    print(f"{len(cases) - failures} passed, {failures} failed ({len(cases)} cases, {hessians} Hessians; categories: {', '.join(categories)})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
