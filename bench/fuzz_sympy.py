#!/usr/bin/env python3
"""Reference side of the differential fuzzer (bench/fuzz/run.ts).

Reads JSON Lines on stdin, one case per line, and answers each with one JSON line on stdout, in order:

    in:  {"id", "sympy": "<expression in SymPy syntax>", "wrt", "order",
          "ours": "<our derivative, plain syntax>" (absent when we gave no answer),
          "readback": "<our dialect result read back, plain>" (optional)}
    out: {"id", "verdict": "correct" | "wrong" | "undecided" | "nowhere-real" | "error" | "no-answer",
          "method": "symbolic" | "numeric" | "simplify", "points": n, "detail": "...",
          "expected": "<SymPy's derivative>", "readback": "same" | "differs" | null,
          "defined": bool (cases without an answer: is the function real somewhere?)}

The reference derivative is sympy.diff of the expression (real symbols).  It is compared with ours
structurally first (SymPy's automatic simplification), then numerically with mpmath at 50 digits at
random real points where every intermediate value of the input as written is real (SymPy's reading
simplifies cosh(acosh(x)) to x) and both derivatives are real and finite; a disagreement is confirmed at 100 and 200 digits (a point where either value is
not yet stable between those precisions is skipped).  With fewer than 3 usable points,
simplify(a - b) == 0 is tried under a time limit; otherwise the case is undecided, or nowhere-real
when the input itself was not real at any point tried (then there is nothing to compare).

|u|, sign(u) and the cube root are the real functions (rabs, rsign, rcbrt below), differentiated
as d|u| = sign(u) du, d sign(u) = 0, d cbrt(u) = du / (3 cbrt(u)^2): the functions the engine
differentiates, without SymPy's complex-argument forms (re, im, DiracDelta).

Usage: python3 bench/fuzz_sympy.py < cases.jsonl > verdicts.jsonl
"""

from __future__ import annotations

import ast
import json
import random
import re
import signal
import sys
import time

import mpmath
import sympy
from mpmath import mp, mpf
from sympy import E, Function, Integer, Rational, S, pi

CASE_SECONDS = 30
SIMPLIFY_SECONDS = 2
DIGITS = 50
CONFIRM_DIGITS = 100
REL_TOL = mpf("1e-25")
WANTED_POINTS = 6
MIN_POINTS = 3
ATTEMPTS = 300


class rabs(Function):
    """|u| for real u."""

    nargs = 1

    @classmethod
    def eval(cls, u):
        if u.is_Number:
            return abs(u)

    def fdiff(self, argindex=1):
        return rsign(self.args[0])


class rsign(Function):
    """sign(u) for real u (derivative 0 away from u = 0)."""

    nargs = 1

    @classmethod
    def eval(cls, u):
        if u.is_Number:
            return sympy.sign(u)

    def fdiff(self, argindex=1):
        return S.Zero


class rcbrt(Function):
    """The real cube root."""

    nargs = 1

    @classmethod
    def eval(cls, u):
        if u.is_zero:
            return S.Zero

    def fdiff(self, argindex=1):
        return 1 / (3 * rcbrt(self.args[0]) ** 2)


def _real_cbrt(v):
    if isinstance(v, mpmath.mpc):
        return mpmath.cbrt(v)
    return mpmath.sign(v) * mpmath.cbrt(abs(v))


def _delta(v, *order):
    if v == 0:
        raise ZeroDivisionError("DiracDelta at 0")
    return mpf(0)


NUMERIC = {
    sympy.sin: mpmath.sin, sympy.cos: mpmath.cos, sympy.tan: mpmath.tan,
    sympy.sec: mpmath.sec, sympy.csc: mpmath.csc, sympy.cot: mpmath.cot,
    sympy.asin: mpmath.asin, sympy.acos: mpmath.acos, sympy.atan: mpmath.atan,
    sympy.acot: mpmath.acot, sympy.asec: mpmath.asec, sympy.acsc: mpmath.acsc,
    sympy.sinh: mpmath.sinh, sympy.cosh: mpmath.cosh, sympy.tanh: mpmath.tanh,
    sympy.sech: mpmath.sech, sympy.csch: mpmath.csch, sympy.coth: mpmath.coth,
    sympy.asinh: mpmath.asinh, sympy.acosh: mpmath.acosh, sympy.atanh: mpmath.atanh,
    sympy.acoth: mpmath.acoth, sympy.asech: mpmath.asech, sympy.acsch: mpmath.acsch,
    sympy.exp: mpmath.exp, sympy.log: mpmath.log,
    sympy.Abs: abs, sympy.sign: mpmath.sign, sympy.DiracDelta: _delta,
    sympy.Heaviside: lambda v: mpf(1) if v > 0 else mpf(0) if v < 0 else mpf("0.5"),
    rabs: abs, rsign: mpmath.sign, rcbrt: _real_cbrt,
}


class NotReal(Exception):
    pass


class Unsupported(Exception):
    pass


def is_real(v) -> bool:
    if isinstance(v, mpmath.mpc):
        return v.imag == 0 or abs(v.imag) <= mpf(10) ** (-mp.dps + 10) * abs(v.real)
    return mpmath.isfinite(v)


MAX_MAGNITUDE_BITS = 4000


def evaluate(e, env, cache, strict, odd_roots=False):
    """Value of e; strict: every intermediate value must be real (the input's real domain);
    odd_roots: the engine's convention for its answers, (-8)^(1/3) = -2 (an odd root of a negative
    number is real), where SymPy and mpmath take the principal complex root."""
    v = cache.get(e)
    if v is not None:
        return v
    if e.is_Symbol:
        v = env[e]
    elif e.is_Integer:
        v = mpf(int(e))
    elif e.is_Rational:
        v = mpf(e.p) / e.q
    elif e.is_Float:
        v = mpf(str(e))
    elif e is pi:
        v = +mp.pi
    elif e is E:
        v = +mp.e
    elif e is S.ImaginaryUnit:
        v = mpmath.mpc(0, 1)
    elif e in (S.ComplexInfinity, S.Infinity, S.NegativeInfinity, S.NaN):
        raise ZeroDivisionError("not finite")
    elif e.is_Add:
        v = mpmath.fsum(evaluate(a, env, cache, strict, odd_roots) for a in e.args)
    elif e.is_Mul:
        v = mpmath.fprod(evaluate(a, env, cache, strict, odd_roots) for a in e.args)
    elif e.is_Pow:
        b = evaluate(e.base, env, cache, strict, odd_roots)
        x = e.exp
        if x.is_Integer:
            n = int(x)
            if b == 0 and n < 0:
                raise ZeroDivisionError("0 to a negative power")
            v = b ** n
        elif odd_roots and x.is_Rational and x.q % 2 == 1 and not isinstance(b, mpmath.mpc) and b < 0:
            v = (-1) ** (x.p % 2) * mpmath.power(-b, mpf(x.p) / x.q)
        else:
            xv = evaluate(x, env, cache, strict, odd_roots)
            if b == 0 and (xv.real if isinstance(xv, mpmath.mpc) else xv) <= 0:
                raise ZeroDivisionError("0 to a non-positive power")
            v = mpmath.power(b, xv)
    elif isinstance(e, sympy.Piecewise):
        # C's conditionals read back (sign written as u > 0 ? 1 : u < 0 ? -1 : 0): the first branch whose condition holds
        for value, condition in e.args:
            if condition is S.true or condition == True:  # noqa: E712 - SymPy's true
                v = evaluate(value, env, cache, strict, odd_roots)
                break
            sides = [evaluate(side, env, cache, strict, odd_roots) for side in (condition.lhs, condition.rhs)]
            if not all(is_real(x) for x in sides):
                raise NotReal()
            left, right = (x.real if isinstance(x, mpmath.mpc) else x for x in sides)
            if {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[condition.rel_op]:
                v = evaluate(value, env, cache, strict, odd_roots)
                break
    elif isinstance(e, Function) and type(e) in NUMERIC:
        args = [evaluate(a, env, cache, strict, odd_roots) for a in e.args]
        v = NUMERIC[type(e)](*args)
    else:
        raise Unsupported(f"cannot evaluate {type(e).__name__}")
    if strict and not is_real(v):
        raise NotReal()
    if mpmath.mag(v) > MAX_MAGNITUDE_BITS:
        # beyond 10^1200 the comparison would cost more than it proves (cos of 3^(10^6), say)
        raise OverflowError("value too large")
    if isinstance(v, mpmath.mpc) and is_real(v):
        v = v.real
    cache[e] = v
    return v


# ── Reading our plain answer ─────────────────────────────────────────────────

_symbols: dict[str, sympy.Symbol] = {}


def symbol(name: str) -> sympy.Symbol:
    s = _symbols.get(name)
    if s is None:
        s = _symbols[name] = sympy.Symbol(name, real=True)
    return s


PLAIN_FUNCTIONS = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "sec": sympy.sec, "csc": sympy.csc, "cot": sympy.cot,
    "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan, "acot": sympy.acot, "asec": sympy.asec, "acsc": sympy.acsc,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh, "sech": sympy.sech, "csch": sympy.csch, "coth": sympy.coth,
    "asinh": sympy.asinh, "acosh": sympy.acosh, "atanh": sympy.atanh, "acoth": sympy.acoth, "asech": sympy.asech, "acsch": sympy.acsch,
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sqrt": sympy.sqrt, "cbrt": rcbrt,
    "abs": rabs, "sign": rsign, "log1p": lambda u: sympy.log(1 + u), "expm1": lambda u: sympy.exp(u) - 1,
    "hypot": lambda u, v: sympy.sqrt(u ** 2 + v ** 2), "e": E, "pi": pi,
    # C writes sign as conditionals: where(u > 0, 1, where(u < 0, -1, 0)) read back
    "where": lambda c, a, b: sympy.Piecewise((a, c), (b, True)),
}
REFERENCE_NAMES = {
    **{k: v for k, v in PLAIN_FUNCTIONS.items() if k not in ("e", "abs", "sign", "cbrt", "where")},
    "rabs": rabs, "rsign": rsign, "rcbrt": rcbrt, "Integer": Integer, "Rational": Rational, "E": E, "pi": pi,
}


class Names(dict):
    """Evaluation namespace: known names, and every other name is a real symbol."""

    def __init__(self, known):
        super().__init__(known)

    def __missing__(self, key):
        return symbol(key)


_NUMBER = re.compile(r"(?<![\w.])(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")
_SAFE_PLAIN = re.compile(r"^[\w\s.+\-*/^(),<>=]*$")


def read_plain(text: str):
    if not _SAFE_PLAIN.match(text) or "__" in text:
        raise ValueError(f"unexpected characters in {text[:80]!r}")
    code = _NUMBER.sub(lambda m: f"Rational('{m.group(1)}')", text).replace("^", "**")
    return eval(code, {"__builtins__": {}}, Names({**PLAIN_FUNCTIONS, "Rational": Rational}))  # noqa: S307 - checked above


def read_reference(text: str):
    if "__" in text:
        raise ValueError("unexpected text")
    return eval(text, {"__builtins__": {}}, Names(REFERENCE_NAMES))  # noqa: S307 - our own generator's output


# ── Comparison ───────────────────────────────────────────────────────────────


class Timeout(Exception):
    pass


_armed = [False]


def _alarm(signum, frame):
    # a timer restored by with_limit may fire just after its case ended: only a running case times out
    if _armed[0]:
        raise Timeout()


def with_limit(seconds, work, default=None):
    """work() under a time limit nested inside the case's own; default when it runs out."""
    previous = signal.getitimer(signal.ITIMER_REAL)[0]
    if previous and previous < seconds:
        return work()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    except Timeout:
        return default
    finally:
        remaining = previous - seconds if previous else 0
        signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001) if previous else 0)


def draw(rng: random.Random) -> mpf:
    r = rng.random()
    m = rng.random()
    if r < 0.35:
        v = 0.1 + 2.4 * m
    elif r < 0.6:
        v = -(0.1 + 2.4 * m)
    elif r < 0.8:
        v = -1 + 2 * m
    elif r < 0.87:
        v = 2.5 + 3.5 * m
    elif r < 0.93:
        v = (6 + 10 * m) * (1 if rng.random() < 0.7 else -1)
    else:
        v = 0.01 + 0.19 * m
    return mpf(round(v, 6))


def agree(a, b) -> bool:
    return abs(a - b) <= REL_TOL * max(mpf(1), abs(a), abs(b))


class _PowToCall(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Pow):
            return ast.copy_location(ast.Call(func=ast.Name(id="_pow", ctx=ast.Load()), args=[node.left, node.right], keywords=[]), node)
        return node


def _strict(fn):
    def call(*args):
        for a in args:
            if not is_real(a):
                raise NotReal()
        v = fn(*args)
        if not is_real(v):
            raise NotReal()
        if mpmath.mag(v) > MAX_MAGNITUDE_BITS:
            raise OverflowError("value too large")
        return v.real if isinstance(v, mpmath.mpc) else v
    return call


def _power(b, x):
    if b == 0 and x <= 0:
        raise ZeroDivisionError("0 to a non-positive power")
    if x == int(x):
        return b ** int(x)
    return mpmath.power(b, x)


STRICT = {
    **{cls.__name__: _strict(fn) for cls, fn in NUMERIC.items() if isinstance(cls, type)},
    "rabs": _strict(abs), "rsign": _strict(mpmath.sign), "rcbrt": _strict(_real_cbrt),
    "sqrt": _strict(mpmath.sqrt), "log": _strict(lambda u, b=None: mpmath.log(u) if b is None else mpmath.log(u) / mpmath.log(b)),
    "_pow": _strict(_power), "Integer": mpf, "Rational": lambda p, q=None: mpf(p) if q is None else mpf(p) / q,
    "pi": None, "E": None,
}


class InputAsWritten:
    """The reference input evaluated as written, every intermediate value required real: SymPy's own
    reading simplifies (cosh(acosh(x)) -> x, sqrt(-20*t**2) -> 2*sqrt(5)*I*|t|), which would hide
    that the input is not real there."""

    def __init__(self, text: str):
        tree = _PowToCall().visit(ast.parse(text, mode="eval"))
        self.code = compile(ast.fix_missing_locations(tree), "<input>", "eval")
        # every variable written, also those SymPy's reading cancels (x + t - t)
        self.symbols = {symbol(n.id) for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in STRICT}

    def check(self, env) -> None:
        names = dict(STRICT, pi=+mp.pi, E=+mp.e)
        names.update({str(k): v for k, v in env.items()})
        eval(self.code, {"__builtins__": {}}, names)  # noqa: S307 - our own generator's output


def values_at(env, f, derivatives, ours_from=1):
    """f strictly real at env, then each derivative (ours from index ours_from on, in the engine's
    convention); None when this point is unusable."""
    try:
        f.check(env)
        out = []
        for i, d in enumerate(derivatives):
            v = evaluate(d, env, {}, False, i >= ours_from)
            if not is_real(v):
                return None
            out.append(v.real if isinstance(v, mpmath.mpc) else v)
        return out
    except (NotReal, ZeroDivisionError, ValueError, OverflowError, TypeError):
        return None


def short(e, limit=600) -> str:
    # printing a million-digit integer takes seconds: name its size instead
    big = {n: sympy.Symbol(f"<{int(abs(n.p).bit_length() * 0.30103)}-digit integer>") for n in e.atoms(sympy.Rational) if abs(n.p).bit_length() > 3000}
    s = str(e.xreplace(big) if big else e)
    return s if len(s) <= limit else s[:limit] + "…"


def compare(case: dict) -> dict:
    mp.dps = DIGITS
    f = read_reference(case["sympy"])
    written = InputAsWritten(case["sympy"])
    wrt = symbol(case["wrt"])
    order = int(case["order"])
    d_ref = sympy.diff(f, wrt, order)
    out: dict = {"id": case["id"]}
    if "ours" not in case:
        # no answer from us: is the function real anywhere (so an answer was possible)?
        rng = random.Random(case["id"])
        names = sorted(f.free_symbols | written.symbols | {wrt}, key=str)
        out["defined"] = False
        # an exact division by zero (csc(pi), 1/sin(pi)) is complex infinity for SymPy: nowhere real,
        # though the input as written evaluates finite in floating point
        if f.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            out.update(verdict="no-answer", expected=short(d_ref))
            return out
        for _ in range(ATTEMPTS):
            env = {s: draw(rng) for s in names}
            if values_at(env, written, [d_ref]) is not None:
                out["defined"] = True
                break
        out.update(verdict="no-answer", expected=short(d_ref))
        return out
    ours = read_plain(case["ours"])
    readback = None
    if case.get("readback") is not None:
        readback = read_plain(case["readback"])
    if d_ref == ours or (d_ref - ours) == 0:
        out.update(verdict="correct", method="symbolic", points=0)
        if readback is not None:
            out["readback"] = "same" if (readback - ours) == 0 or readback_agrees(f, written, ours, readback, case["id"]) else "differs"
        return out
    rng = random.Random(case["id"])
    names = sorted(written.symbols | ours.free_symbols | d_ref.free_symbols | {wrt}, key=str)
    points = 0
    real_inputs = 0
    readback_same = None if readback is None else True
    for _ in range(ATTEMPTS):
        env = {s: draw(rng) for s in names}
        if values_at(env, written, []) is None:
            continue
        real_inputs += 1
        vals = values_at(env, written, [d_ref, ours] + ([readback] if readback is not None else []))
        if vals is None:
            continue
        if not agree(vals[0], vals[1]):
            verdict = confirm(env, written, d_ref, ours)
            if verdict == "unreliable":
                continue
            if verdict == "differ":
                again = values_at(env, written, [d_ref, ours])
                at = ", ".join(f"{k}={mpmath.nstr(v, 8)}" for k, v in env.items())
                out.update(verdict="wrong", method="numeric", points=points,
                           detail=f"at {at}: expected {mpmath.nstr(again[0], 12)}, ours {mpmath.nstr(again[1], 12)}")
                out["expected"] = short(with_limit(SIMPLIFY_SECONDS, lambda: sympy.simplify(d_ref), d_ref))
                return out
            points += 1  # equal at 200 digits
            continue
        if readback is not None and not agree(vals[1], vals[2]):
            readback_same = False
        points += 1
        if points >= WANTED_POINTS:
            break
    if readback is not None:
        out["readback"] = "same" if readback_same else "differs"
    if points >= MIN_POINTS:
        out.update(verdict="correct", method="numeric", points=points)
        return out
    if real_inputs == 0:
        out.update(verdict="nowhere-real", points=0, expected=short(d_ref), detail=f"the input is not real at any of {ATTEMPTS} random points")
        return out
    equal = with_limit(SIMPLIFY_SECONDS, lambda: sympy.simplify(d_ref - ours) == 0, False)
    if equal:
        out.update(verdict="correct", method="simplify", points=points)
    else:
        out.update(verdict="undecided", points=points, expected=short(d_ref), detail=f"only {points} points where the input and both derivatives are real (input real at {real_inputs})")
    return out


def confirm(env, f, d_ref, ours) -> str:
    """A disagreement at 50 digits, judged again at 100 and 200: 'same', 'differ', or 'unreliable'
    when either value still moves between the two precisions (exp of a huge argument, say)."""
    try:
        mp.dps = CONFIRM_DIGITS
        a = values_at(env, f, [d_ref, ours])
        mp.dps = 2 * CONFIRM_DIGITS
        b = values_at(env, f, [d_ref, ours])
    finally:
        mp.dps = DIGITS
    if a is None or b is None:
        return "unreliable"
    if agree(b[0], b[1]):
        return "same"
    if not (agree(a[0], b[0]) and agree(a[1], b[1])):
        return "unreliable"
    return "differ"


def readback_agrees(f, written, ours, readback, seed) -> bool:
    rng = random.Random(seed)
    names = sorted(written.symbols | ours.free_symbols | readback.free_symbols, key=str)
    for _ in range(20):
        env = {s: draw(rng) for s in names}
        vals = values_at(env, written, [ours, readback], ours_from=0)
        if vals is not None and not agree(vals[0], vals[1]):
            return False
    return True


def main() -> None:
    signal.signal(signal.SIGALRM, _alarm)
    sys.setrecursionlimit(20000)
    sys.set_int_max_str_digits(0)
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        _armed[0] = True
        signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
        started = time.perf_counter()
        try:
            out = compare(case)
        except Timeout:
            out = {"id": case["id"], "verdict": "error", "detail": f"reference took over {CASE_SECONDS} s"}
        except Exception as e:  # noqa: BLE001 - every case gets an answer line
            out = {"id": case["id"], "verdict": "error", "detail": f"{type(e).__name__}: {e}"[:300]}
        finally:
            _armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
        out["ms"] = round((time.perf_counter() - started) * 1000, 1)
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
