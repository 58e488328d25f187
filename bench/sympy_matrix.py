#!/usr/bin/env python3
"""SymPy side of the matrix benchmark: the corpus through ``MatrixSymbol.diff``.

Reads JSON Lines on stdin, one corpus case each (test/corpus/matrix.jsonl: ``id``, ``python``,
``vars``, ``wrt``, ``order``, ``expected``, optional ``positive``). Each case's numpy expression is
evaluated against a namespace in which ``np`` and the variables are SymPy matrix expressions with
numpy's meaning (``@``, ``.T``, 1-D vectors, element-wise ``*``, ``/``, ``**``), so SymPy sees the
same identity the corpus states:

    symbols      MatrixSymbol(name, m, n) with symbolic dimensions (vectors are n x 1), Symbol for scalars
    np.trace / np.linalg.det / np.linalg.inv / np.log(det)   Trace / Determinant / Inverse / log
    np.sum(u), np.linalg.norm(u)     Trace(1' u 1), sqrt(Trace(u' u)) (SymPy has no norm of a matrix expression)
    element-wise functions, *, /, **   applyfunc, HadamardProduct, HadamardPower

Then ``expr.diff(wrt)`` is timed (twice for a Hessian; time.perf_counter, no simplification) and the
result is checked numerically: dimensions 2..4 and the variables substituted (as the engine draws
them), compared with ``expected`` at 3 random points. With respect to a symmetric matrix, SymPy
differentiates as if the matrix were unstructured, so its result G is compared through its symmetric
part (G + G')/2, the convention of the corpus; a Jacobian may come in either layout.

One JSON line per case on stdout:
    {"id", "ok": true, "correct": bool, "ms": float, "detail"?: str}
    {"id", "ok": false, "error": str, "ms"?: float}   (diff raised or timed out; or it returned an
        unevaluated Derivative, or a result that cannot be evaluated at numbers)

Usage: python3 bench/sympy_matrix.py [--timeout S] < cases.jsonl
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import warnings

import numpy as np
import sympy as sp
from sympy.matrices.expressions import (
    Determinant, DiagMatrix, HadamardPower, HadamardProduct, Identity, Inverse, MatrixExpr,
    MatrixSymbol, OneMatrix, Trace, ZeroMatrix,
)
from sympy.matrices.expressions.diagonal import DiagonalOf


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):  # pragma: no cover - signal handler
    raise _Timeout()


def is_matrix(e):
    return isinstance(e, MatrixExpr)


class T:
    """A SymPy value with numpy's meaning: ``vec`` marks a 1-D array (stored as a column)."""

    def __init__(self, e, vec=False):
        self.e = e
        self.vec = vec

    # shapes
    @property
    def T(self):  # noqa: N802 - numpy's name
        return self if self.vec or not is_matrix(self.e) else T(self.e.T)

    def _bin(self, other, fn, reverse=False):
        o = other if isinstance(other, T) else T(sp.sympify(other))
        a, b = (o, self) if reverse else (self, o)
        return fn(a, b)

    def __matmul__(self, other):
        return self._bin(other, matmul)

    def __rmatmul__(self, other):
        return self._bin(other, matmul, True)

    def __add__(self, other):
        return self._bin(other, lambda a, b: elementwise(a, b, lambda x, y: x + y))

    __radd__ = __add__

    def __sub__(self, other):
        return self._bin(other, lambda a, b: elementwise(a, b, lambda x, y: x - y))

    def __rsub__(self, other):
        return self._bin(other, lambda a, b: elementwise(a, b, lambda x, y: x - y), True)

    def __mul__(self, other):
        return self._bin(other, hadamard)

    __rmul__ = __mul__

    def __truediv__(self, other):
        return self._bin(other, divide)

    def __rtruediv__(self, other):
        return self._bin(other, divide, True)

    def __pow__(self, p):
        p = p.e if isinstance(p, T) else p
        return T(HadamardPower(self.e, p), self.vec) if is_matrix(self.e) else T(self.e ** p)

    def __neg__(self):
        return T(-self.e, self.vec)

    def __getitem__(self, i):  # np.linalg.slogdet(X)[1]
        return self.e[i]

    def sum(self):
        return Np.sum(self)


def broadcast(s, like):
    """A scalar as a matrix of the other operand's shape."""
    r, c = like.shape
    return s * OneMatrix(r, c)


def elementwise(a, b, op):
    x, y = a.e, b.e
    if is_matrix(x) and not is_matrix(y):
        y = broadcast(y, x)
    elif is_matrix(y) and not is_matrix(x):
        x = broadcast(x, y)
    return T(op(x, y), a.vec or b.vec)


def hadamard(a, b):
    if not is_matrix(a.e) or not is_matrix(b.e):
        return T(a.e * b.e, a.vec or b.vec)
    return T(HadamardProduct(a.e, b.e), a.vec or b.vec)


def divide(a, b):
    if not is_matrix(b.e):
        return T(a.e / b.e, a.vec)
    recip = HadamardPower(b.e, -1)
    return T(recip * a.e if not is_matrix(a.e) else HadamardProduct(a.e, recip), b.vec or a.vec)


def scalar(e):
    """A 1 x 1 matrix expression as a scalar SymPy can differentiate by matrices."""
    return Trace(e) if is_matrix(e) and e.shape == (1, 1) else e


def matmul(a, b):
    x, y = a.e, b.e
    if a.vec and b.vec:
        return T(scalar(x.T * y))
    if a.vec:
        return T((x.T * y).T, True)
    return T(x * y, b.vec)


def apply(f):
    def g(u):
        u = u if isinstance(u, T) else T(sp.sympify(u))
        return T(u.e.applyfunc(f), u.vec) if is_matrix(u.e) else T(f(u.e))
    return g


def total(u):
    """Sum of the entries: 1' u for a vector, 1' U 1 for a matrix."""
    r, c = u.e.shape
    if u.vec or c == 1:
        return scalar(OneMatrix(1, r) * u.e)
    return scalar(OneMatrix(1, r) * u.e * OneMatrix(c, 1))


class _Linalg:
    @staticmethod
    def inv(u):
        return T(Inverse(u.e))

    @staticmethod
    def det(u):
        return T(Determinant(u.e))

    @staticmethod
    def slogdet(u):
        return (T(sp.Integer(1)), T(sp.log(Determinant(u.e))))

    @staticmethod
    def norm(u, ord=None):  # noqa: A002 - numpy's name
        if ord == 1:
            return T(total(T(u.e.applyfunc(sp.Abs), u.vec)))
        return T(sp.sqrt(scalar(u.e.T * u.e)) if u.vec else sp.sqrt(Trace(u.e.T * u.e)))


class Np:
    linalg = _Linalg
    exp, log, sin, cos, tanh, sqrt = (apply(f) for f in (sp.exp, sp.log, sp.sin, sp.cos, sp.tanh, sp.sqrt))
    abs = apply(sp.Abs)
    sign = apply(sp.sign)

    @staticmethod
    def log(u):  # noqa: F811 - log of a determinant stays a scalar log
        return apply(sp.log)(u)

    @staticmethod
    def sum(u):
        return T(total(u)) if is_matrix(u.e) else u

    @staticmethod
    def trace(u):
        return T(Trace(u.e))

    @staticmethod
    def dot(a, b):
        return matmul(a, b)

    @staticmethod
    def outer(a, b):
        return T(a.e * b.e.T)

    @staticmethod
    def diag(u):
        return T(DiagMatrix(u.e)) if u.vec else T(DiagonalOf(u.e), True)

    @staticmethod
    def eye(n):
        return T(Identity(n))

    @staticmethod
    def ones(shape):
        return T(OneMatrix(*shape)) if isinstance(shape, tuple) else T(OneMatrix(shape, 1), True)

    @staticmethod
    def zeros(shape):
        return T(ZeroMatrix(*shape)) if isinstance(shape, tuple) else T(ZeroMatrix(shape, 1), True)


def sympy_namespace(case):
    dims = {}
    for v in case["vars"].values():
        for d in v["shape"]:
            if isinstance(d, str):
                dims.setdefault(d, sp.Symbol(d, integer=True, positive=True))
    size = lambda d: dims[d] if isinstance(d, str) else int(d)  # noqa: E731
    ns = {"np": Np, **dims}
    symbols = {}
    for name, v in case["vars"].items():
        shape = [size(d) for d in v["shape"]]
        if not shape:
            symbols[name] = sp.Symbol(name, real=True)
            ns[name] = T(symbols[name])
        elif len(shape) == 1:
            symbols[name] = MatrixSymbol(name, shape[0], 1)
            ns[name] = T(symbols[name], True)
        else:
            symbols[name] = MatrixSymbol(name, shape[0], shape[1])
            ns[name] = T(symbols[name])
    return ns, dims, symbols


def draw(case, rng):
    """Random sizes and values, as bench/check_matrix_corpus.py draws them."""
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    from check_matrix_corpus import draw_inputs  # noqa: PLC0415
    return draw_inputs(case, rng)


def numeric(result, dims, symbols, sizes, values):
    """The value of a SymPy result at concrete sizes and values, as a float array."""
    e = result.subs({dims[d]: sizes[d] for d in dims})
    subs = {}
    for name, s in symbols.items():
        v = values[name]
        if isinstance(s, sp.Symbol):
            subs[s] = sp.Float(float(v))
        else:
            arr = np.asarray(v, dtype=float).reshape(s.subs({dims[d]: sizes[d] for d in dims}).shape)
            subs[s.subs({dims[d]: sizes[d] for d in dims})] = sp.ImmutableMatrix(arr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = e.xreplace(subs).doit()
        if hasattr(out, "as_explicit"):
            out = out.as_explicit()
        if isinstance(out, sp.NDimArray):
            flat = [complex(sp.N(v)) for v in sp.flatten(out.tolist())] if out.rank() else [complex(sp.N(out[()]))]
            return np.array(flat).real.reshape(out.shape)
        if isinstance(out, sp.MatrixBase):
            return np.array([[complex(sp.N(v)) for v in row] for row in out.tolist()]).real
        return np.array(complex(sp.N(out))).real


def check(case, result, dims, symbols, rng):
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    from check_matrix_corpus import evaluate  # noqa: PLC0415
    wrt = case["wrt"]
    symmetric = "symmetric" in case["vars"][wrt].get("props", [])
    good = 0
    for _ in range(8):
        if good >= 3:
            break
        sizes, values = draw(case, rng)
        expected = evaluate(case["expected"], sizes, values)
        if not np.all(np.isfinite(expected)):
            continue
        got = numeric(result, dims, symbols, sizes, values)
        if not np.all(np.isfinite(got)):
            continue
        candidates = [got.reshape(expected.shape) if got.size == expected.size else None]
        if expected.ndim == 2 and got.size == expected.size:
            candidates.append(got.reshape(expected.shape[::-1]).T)  # the other layout
        ok = False
        for c in candidates:
            if c is None:
                continue
            if symmetric:
                c = (c + c.T) / 2
            scale = max(np.max(np.abs(expected)), 1e-9)
            if np.max(np.abs(c - expected)) / scale < 1e-6:
                ok = True
        if not ok:
            return False, f"differs from the expected derivative at sizes {sizes}"
        good += 1
    return good >= 2, None if good >= 2 else "too few points where the result is defined"


def run_case(case, timeout, rng):
    ns, dims, symbols = sympy_namespace(case)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expr = eval(case["python"], ns).e  # noqa: S307 - corpus data
    x = symbols[case["wrt"]]
    signal.alarm(timeout)
    try:
        t0 = time.perf_counter()
        d = expr.diff(x)
        if case.get("order", 1) == 2:
            d = d.diff(x)
        ms = (time.perf_counter() - t0) * 1000
    finally:
        signal.alarm(0)
    if d.has(sp.Derivative):
        return {"id": case["id"], "ok": False, "ms": ms, "error": f"unevaluated derivative: {str(d)[:120]}"}
    signal.alarm(timeout)
    try:
        correct, detail = check(case, d, dims, symbols, rng)
    except _Timeout:
        return {"id": case["id"], "ok": False, "ms": ms, "error": "its result could not be evaluated in time"}
    except Exception as err:  # noqa: BLE001 - a result that cannot be evaluated is not an answer
        return {"id": case["id"], "ok": False, "ms": ms, "error": f"its result could not be evaluated: {type(err).__name__}: {str(err)[:100]}"}
    finally:
        signal.alarm(0)
    out = {"id": case["id"], "ok": True, "correct": bool(correct), "ms": ms}
    if detail:
        out["detail"] = detail
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=int, default=20)
    args = ap.parse_args()
    signal.signal(signal.SIGALRM, _on_alarm)
    rng = np.random.default_rng(7)
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        try:
            out = run_case(case, args.timeout, rng)
        except _Timeout:
            out = {"id": case["id"], "ok": False, "error": f"timed out after {args.timeout} s"}
        except Exception as err:  # noqa: BLE001 - any failure of SymPy counts as a failure
            msg = f"{type(err).__name__}: {err}".splitlines()[0][:200]
            out = {"id": case["id"], "ok": False, "error": msg}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
