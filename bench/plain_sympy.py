"""Converter between the "plain" expression dialect and SymPy.

Plain grammar (strict, as used by the test corpus):

    add     := mul (('+' | '-') mul)*
    mul     := unary (('*' | '/') unary)*
    unary   := ('-' | '+') unary | pow
    pow     := primary ('^' unary)?          # right-associative, -x^2 = -(x^2)
    primary := NUMBER | NAME | FUNC '(' add (',' add)? ')' | '(' add ')'

NUMBER is a decimal number (``2``, ``0.5``, ``.5``); NAME is a whole word
(``x``, ``sigma``, ``x_0``, ``w1``, ``lambda``); ``pi`` and ``e`` are the
constants; FUNC is one of FUNCTIONS below (``log(u, b)`` is log base b, every
other function takes exactly one argument).  There is no implicit
multiplication and no ``**``.

``to_sympy(text)`` validates the text with a small recursive-descent parser,
rewrites it into a fully parenthesised Python expression in which every name
is a placeholder, and hands that to ``sympy.parsing.sympy_parser.parse_expr``
with a ``local_dict`` (so ``e``, ``pi``, ``beta``, ``gamma``, ``lambda``...
never collide with SymPy or Python names).  Every non-function, non-constant
name becomes ``Symbol(name, real=True)``.

``to_plain(expr)`` prints a SymPy expression back in the same grammar and
raises ``PlainPrintError`` when the expression contains something the grammar
cannot express (I, zoo, nan, oo, Piecewise, Heaviside, DiracDelta, re, im,
unlisted functions, unevaluated derivatives...).
"""

from __future__ import annotations

import math
import re

import sympy
from sympy.parsing.sympy_parser import parse_expr, standard_transformations
from sympy.printing.precedence import precedence
from sympy.printing.str import StrPrinter

__all__ = [
    "FUNCTIONS",
    "CONSTANTS",
    "PlainSyntaxError",
    "PlainPrintError",
    "to_sympy",
    "to_plain",
    "symbol",
    "free_names",
    "simplify_for_plain",
]

# plain name -> SymPy callable
FUNCTIONS = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "sec": sympy.sec,
    "csc": sympy.csc,
    "cot": sympy.cot,
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "asinh": sympy.asinh,
    "acosh": sympy.acosh,
    "atanh": sympy.atanh,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "abs": sympy.Abs,
    "sign": sympy.sign,
    "gamma": sympy.gamma,
    "lgamma": lambda u: sympy.log(sympy.Abs(sympy.gamma(u))),
    "digamma": sympy.digamma,
    "polygamma": sympy.polygamma,
    "max": sympy.Max,
    "min": sympy.Min,
    "clip": lambda u, lo, hi: sympy.Min(sympy.Max(u, lo), hi),
    "where": lambda c, a, b: sympy.Piecewise((a, c), (b, True)),
}

CONSTANTS = {"pi": sympy.pi, "e": sympy.E}

# SymPy function class name -> plain name (for printing)
_PRINT_NAMES = {
    "sin": "sin", "cos": "cos", "tan": "tan", "sec": "sec", "csc": "csc", "cot": "cot",
    "asin": "asin", "acos": "acos", "atan": "atan",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh",
    "asinh": "asinh", "acosh": "acosh", "atanh": "atanh",
    "exp": "exp", "log": "log", "Abs": "abs", "sign": "sign",
    "gamma": "gamma", "digamma": "digamma", "polygamma": "polygamma",
    "Max": "max", "Min": "min",
}


class PlainSyntaxError(ValueError):
    """Text is not in the plain grammar.  ``offset`` is 0-based, -1 if none."""

    def __init__(self, message: str, offset: int = -1):
        super().__init__(message if offset < 0 else f"{message} (offset {offset})")
        self.offset = offset


class PlainPrintError(ValueError):
    """A SymPy expression cannot be written in the plain grammar."""


_symbol_cache: dict[str, sympy.Symbol] = {}


def symbol(name: str) -> sympy.Symbol:
    """The real Symbol used for a plain name."""
    s = _symbol_cache.get(name)
    if s is None:
        s = sympy.Symbol(name, real=True)
        _symbol_cache[name] = s
    return s


# --------------------------------------------------------------------------
# Parsing

_TOKEN_RE = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?|\.\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>\*\*|[<>]=?|[-+*/^(),])|(?P<bad>\S))"
)


def _tokenize(text: str):
    tokens = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN_RE.match(text, pos)
        if m is None:  # only trailing whitespace left
            break
        kind = m.lastgroup
        value = m.group(kind)
        start = m.start(kind)
        if kind == "bad":
            raise PlainSyntaxError(f"unexpected character {value!r}", start)
        if kind == "op" and value == "**":
            raise PlainSyntaxError("'**' is not plain notation, use '^'", start)
        tokens.append((kind, value, start))
        pos = m.end()
    tokens.append(("end", "", len(text)))
    return tokens


class _Parser:
    """Recursive descent over the plain grammar, emitting Python source."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.names: dict[str, str] = {}  # symbol name -> placeholder

    def peek(self):
        return self.tokens[self.i]

    def next(self):
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, value: str):
        kind, v, pos = self.peek()
        if v != value or kind != "op":
            what = "end of input" if kind == "end" else repr(v)
            raise PlainSyntaxError(f"expected {value!r}, found {what}", pos)
        self.i += 1

    def parse(self) -> str:
        if self.peek()[0] == "end":
            raise PlainSyntaxError("empty expression")
        out = self.indicator()
        kind, v, pos = self.peek()
        if kind != "end":
            raise PlainSyntaxError(f"unexpected {v!r}", pos)
        return out

    def indicator(self) -> str:
        """A sum, or a comparison as a number (x*(x > 0), a step's derivative x > 0): 1 where it holds, else 0."""
        out = self.add()
        kind, v, _ = self.peek()
        if kind == "op" and v in ("<", ">", "<=", ">="):
            self.next()
            out = f"_F_where((({out}) {v} ({self.add()})), 1, 0)"
        return out

    def comparison(self) -> str:
        """A where's condition: one comparison of two sums (the plain printer's conditions)."""
        left = self.add()
        kind, v, pos = self.peek()
        if kind != "op" or v not in ("<", ">", "<=", ">="):
            raise PlainSyntaxError("a condition needs a comparison", pos)
        self.next()
        return f"(({left}) {v} ({self.add()}))"

    def add(self) -> str:
        out = self.mul()
        while True:
            kind, v, _ = self.peek()
            if kind == "op" and v in "+-":
                self.next()
                out = f"({out}){v}({self.mul()})"
            else:
                return out

    def mul(self) -> str:
        out = self.unary()
        while True:
            kind, v, _ = self.peek()
            if kind == "op" and v in "*/":
                self.next()
                out = f"({out}){v}({self.unary()})"
            else:
                return out

    def unary(self) -> str:
        kind, v, _ = self.peek()
        if kind == "op" and v in "+-":
            self.next()
            return f"{v}({self.unary()})"
        return self.pow()

    def pow(self) -> str:
        base = self.primary()
        kind, v, _ = self.peek()
        if kind == "op" and v == "^":
            self.next()
            return f"({base})**({self.unary()})"
        return base

    def primary(self) -> str:
        kind, v, pos = self.next()
        if kind == "num":
            return v
        if kind == "name":
            nkind, nv, npos = self.peek()
            if nkind == "op" and nv == "(":
                if v not in FUNCTIONS:
                    raise PlainSyntaxError(f"unknown function {v!r}", pos)
                self.next()
                args = [self.comparison() if v == "where" else self.add()]
                while self.peek()[0] == "op" and self.peek()[1] == ",":
                    self.next()
                    args.append(self.add())
                self.expect(")")
                maxargs = 3 if v in ("where", "clip") else 2 if v in ("log", "polygamma", "max", "min") else 1
                if len(args) > maxargs:
                    raise PlainSyntaxError(f"too many arguments for {v}", pos)
                return f"_F_{v}(" + ", ".join(args) + ")"
            if v in FUNCTIONS:
                raise PlainSyntaxError(f"function {v!r} needs parenthesised arguments", npos)
            if v in CONSTANTS:
                return f"_C_{v}"
            ph = self.names.get(v)
            if ph is None:
                ph = f"_S{len(self.names)}"
                self.names[v] = ph
            return ph
        if kind == "op" and v == "(":
            inner = self.indicator()
            self.expect(")")
            return f"({inner})"
        what = "end of input" if kind == "end" else repr(v)
        raise PlainSyntaxError(f"unexpected {what}", pos)


def parse_to_python(text: str) -> tuple[str, dict[str, str]]:
    """Validate ``text``; return (python source with placeholders, {name: placeholder})."""
    p = _Parser(text)
    src = p.parse()
    return src, p.names


# what parse_expr's auto_number transformation emits; no names leak from SymPy
_GLOBALS = {"Integer": sympy.Integer, "Float": sympy.Float, "Rational": sympy.Rational}


def to_sympy(text: str) -> sympy.Expr:
    """Parse a plain-grammar string into SymPy (all symbols real)."""
    src, names = parse_to_python(text)
    local_dict: dict[str, object] = {f"_F_{k}": f for k, f in FUNCTIONS.items()}
    local_dict.update({f"_C_{k}": c for k, c in CONSTANTS.items()})
    for name, ph in names.items():
        local_dict[ph] = symbol(name)
    return parse_expr(src, local_dict=local_dict, global_dict=dict(_GLOBALS),
                      transformations=standard_transformations)


def free_names(text: str) -> list[str]:
    """Symbol names of a plain expression, in order of first appearance."""
    return list(parse_to_python(text)[1])


# --------------------------------------------------------------------------
# Printing

_FORBIDDEN = (
    sympy.Piecewise, sympy.Heaviside, sympy.DiracDelta, sympy.re, sympy.im,
    sympy.Derivative, sympy.Subs, sympy.Integral, sympy.Order,
)


def _format_float(value: float) -> str:
    if not math.isfinite(value):
        raise PlainPrintError(f"non-finite number {value}")
    r = repr(value)
    if "e" in r or "E" in r:
        import numpy as np
        r = np.format_float_positional(value, trim="-")
        if "." not in r:
            r += ".0"
    return r


class PlainPrinter(StrPrinter):
    """StrPrinter writing the plain grammar: ^, abs, e, decimal floats."""

    printmethod = "_plain"

    def _print_Pow(self, expr, rational=False):
        PREC = precedence(expr)
        if expr.exp is sympy.S.Half and not rational:
            return "sqrt(%s)" % self._print(expr.base)
        if expr.is_commutative:
            if -expr.exp is sympy.S.Half and not rational:
                return "1/sqrt(%s)" % self._print(expr.base)
            if expr.exp is -sympy.S.One:
                return "1/%s" % self.parenthesize(expr.base, PREC, strict=False)
        e = self.parenthesize(expr.exp, PREC, strict=False)
        b = self.parenthesize(expr.base, PREC, strict=False)
        # a negative number as exponent is always parenthesised: x^(-2)
        if not e.startswith("(") and e.startswith("-"):
            e = f"({e})"
        return f"{b}^{e}"

    def _print_Exp1(self, expr):
        return "e"

    def _print_Pi(self, expr):
        return "pi"

    def _print_Abs(self, expr):
        return "abs(%s)" % self._print(expr.args[0])

    def _print_Float(self, expr):
        return _format_float(float(expr))

    def _print_Rational(self, expr):
        if expr.q == 1:
            return str(expr.p)
        return f"{expr.p}/{expr.q}"

    def _print_Function(self, expr):
        name = type(expr).__name__
        plain = _PRINT_NAMES.get(name)
        if plain is None:
            raise PlainPrintError(f"function {name} is not in the plain grammar")
        if name == "log" and len(expr.args) != 1:
            raise PlainPrintError("log with more than one argument")
        return plain + "(%s)" % self.stringify(expr.args, ", ")

    def _print_Symbol(self, expr):
        name = expr.name
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or name in FUNCTIONS or name in CONSTANTS:
            raise PlainPrintError(f"symbol name {name!r} cannot be written in plain")
        return name

    def emptyPrinter(self, expr):
        raise PlainPrintError(f"cannot print {type(expr).__name__} in plain")

    def _print_ImaginaryUnit(self, expr):
        raise PlainPrintError("imaginary unit")

    def _print_ComplexInfinity(self, expr):
        raise PlainPrintError("zoo")

    def _print_NaN(self, expr):
        raise PlainPrintError("nan")

    def _print_Infinity(self, expr):
        raise PlainPrintError("oo")

    def _print_NegativeInfinity(self, expr):
        raise PlainPrintError("-oo")


_printer = PlainPrinter({"full_prec": False})


def to_plain(expr) -> str:
    """Print a SymPy expression in the plain grammar (raises PlainPrintError)."""
    expr = sympy.sympify(expr)
    if expr.has(*_FORBIDDEN):
        bad = sorted({type(a).__name__ for a in sympy.preorder_traversal(expr)
                      if isinstance(a, _FORBIDDEN)})
        raise PlainPrintError("contains " + ", ".join(bad))
    if expr.has(sympy.I, sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise PlainPrintError("contains I, zoo, nan or oo")
    for f in expr.atoms(sympy.Function):
        if type(f).__name__ not in _PRINT_NAMES:
            raise PlainPrintError(f"function {type(f).__name__} is not in the plain grammar")
    out = _printer.doprint(expr)
    for bad in ("**", "Abs", "zoo", "nan", "Piecewise", "I"):
        if re.search(r"\*\*" if bad == "**" else rf"\b{bad}\b", out):
            raise PlainPrintError(f"printed form contains {bad}: {out}")
    if re.search(r"\bE\b", out):
        raise PlainPrintError(f"printed form contains E: {out}")
    # round-trip guard: the printed text must be in the grammar
    parse_to_python(out)
    return out


# --------------------------------------------------------------------------
# Simplification

_PIECEWISE_LIKE = (sympy.Piecewise, sympy.Heaviside, sympy.DiracDelta)


def simplify_for_plain(expr):
    """``sympy.simplify(expr)``, kept inside the plain grammar when possible.

    Returns (simplified, fallback).  SymPy's simplify rewrites products with
    ``sign(u)`` into ``Piecewise((0, Eq(u, 0)), (u*.../Abs(u), True))``.  When
    simplify introduces a Piecewise/Heaviside/DiracDelta the input did not
    have, every ``sign(u)`` is replaced by a real placeholder symbol, the
    result simplified, and the ``sign(u)`` put back; ``fallback`` is True then.
    """
    simp = sympy.simplify(expr)
    if not simp.has(*_PIECEWISE_LIKE) or expr.has(*_PIECEWISE_LIKE):
        return simp, False
    signs = sorted(expr.atoms(sympy.sign), key=sympy.default_sort_key)
    if not signs:
        return simp, False
    masks = {sg: sympy.Dummy(f"sign{i}", real=True) for i, sg in enumerate(signs)}
    masked = expr.xreplace(masks)
    simp2 = sympy.simplify(masked).xreplace({d: sg for sg, d in masks.items()})
    return simp2, True
