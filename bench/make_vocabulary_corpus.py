"""Writes test/corpus/vocabulary.jsonl: snippets as ML and scientific code writes them, in each Python
module (numpy, scipy.special, sympy, torch, F, tf, jax/jnp, autograd, math), each with the reference
derivative from SymPy. Run: python3 bench/make_vocabulary_corpus.py

A case: id, module (the figures' group), context (the document's import lines), source (the selection),
wrt, reference (SymPy's derivative, in SymPy syntax over x, w, b), domain (x's interval; w in [0.5, 1.5],
b in [0.1, 1]), allowed (the module prefixes a result in the input's style may use).
"""
import json
import os
import sympy as sp

x, w, b = sp.symbols('x w b', real=True)
NS = {'x': x, 'w': w, 'b': b, 'sp': sp, 'Piecewise': sp.Piecewise, 'Max': sp.Max, 'Min': sp.Min}
SQ2 = 'sqrt(2)'


def sig(u):
    return f'(1/(1 + exp(-({u}))))'


# SymPy's definitions of the vocabulary, over {u} (and {v})
REF = {
    'exp': 'exp({u})', 'log': 'log({u})', 'sqrt': 'sqrt({u})', 'sin': 'sin({u})', 'cos': 'cos({u})', 'tan': 'tan({u})',
    'tanh': 'tanh({u})', 'atan': 'atan({u})', 'asin': 'asin({u})', 'asinh': 'asinh({u})', 'log1p': 'log(1 + {u})',
    'expm1': '(exp({u}) - 1)', 'abs': 'Abs({u})', 'relu': 'Max({u}, 0)', 'sigmoid': sig('{u}'),
    'softplus': 'log(1 + exp({u}))', 'log_sigmoid': '(-log(1 + exp(-({u}))))', 'silu': '(({u})*' + sig('{u}') + ')',
    'gelu': '(({u})*(1 + erf(({u})/' + SQ2 + '))/2)',
    'gelu_tanh': '(({u})*(1 + tanh(sqrt(2/pi)*(({u}) + 0.044715*({u})**3)))/2)',
    'leaky01': 'Piecewise(({u}, ({u}) > 0), (0.01*({u}), True))', 'leaky02': 'Piecewise(({u}, ({u}) > 0), (0.2*({u}), True))',
    'elu': 'Piecewise(({u}, ({u}) > 0), (exp({u}) - 1, True))', 'elu05': 'Piecewise(({u}, ({u}) > 0), (0.5*(exp({u}) - 1), True))',
    'erf': 'erf({u})', 'erfc': 'erfc({u})', 'gamma': 'gamma({u})', 'lgamma': 'loggamma({u})', 'digamma': 'digamma({u})',
    'trigamma': 'polygamma(1, {u})', 'beta2': 'beta({u}, 2)', 'logit': 'log(({u})/(1 - ({u})))',
    'sinc': 'sin(pi*({u}))/(pi*({u}))', 'logaddexp0': 'log(1 + exp({u}))', 'hypot1': 'sqrt(({u})**2 + 1)',
    'atan2': 'atan2({u}, 1 + x**2)', 'clip': 'Min(Max({u}, -0.5), 0.5)', 'where01': 'Piecewise(({u}, ({u}) > 0), (0.01*({u}), True))',
    'max0': 'Max({u}, 0)', 'heaviside': 'Heaviside({u})', 'exp2': '2**({u})', 'log2': 'log({u})/log(2)', 'log10': 'log({u})/log(10)',
    'square': '({u})**2', 'reciprocal': '1/({u})', 'cbrt': '({u})**(Rational(1, 3))', 'softplus_beta2': 'log(1 + exp(2*({u})))/2',
    'floor_plus': '(floor({u}) + ({u})**2)',
}

# Inner expressions, by the domain the function needs (x in [0.2, 2.5], w in [0.5, 1.5], b in [0.1, 1])
INNER = {
    'any': ['x', 'w*x + b', 'x**2/2 - 1', '3*x - 2'],
    'pos': ['x', 'w*x + b', 'x**2 + 1'],
    'unit': ['x/3', 'x/(x + 1)', 'w*x/4'],
    'kink': ['x - 1.3', 'b - x', 'w*x - 1'],
}

# Each module: its import lines, the prefixes its results may use, and its spelling of each function
# (template over {u}, the function's REF key, its domain)
LIBS = {
    'numpy': ('import numpy as np', ['np'], [
        ('np.exp({u})', 'exp', 'any'), ('np.log({u})', 'log', 'pos'), ('np.sqrt({u})', 'sqrt', 'pos'), ('np.sin({u})', 'sin', 'any'),
        ('np.cos({u})', 'cos', 'any'), ('np.tanh({u})', 'tanh', 'any'), ('np.arctan({u})', 'atan', 'any'), ('np.arcsin({u})', 'asin', 'unit'),
        ('np.arcsinh({u})', 'asinh', 'any'), ('np.log1p({u})', 'log1p', 'pos'), ('np.expm1({u})', 'expm1', 'any'), ('np.abs({u})', 'abs', 'kink'),
        ('np.maximum({u}, 0)', 'max0', 'kink'), ('np.where({u} > 0, {u}, 0.01*({u}))', 'where01', 'kink'), ('np.clip({u}, -0.5, 0.5)', 'clip', 'kink'),
        ('np.logaddexp(0, {u})', 'logaddexp0', 'any'), ('np.sinc({u})', 'sinc', 'pos'), ('np.hypot({u}, 1)', 'hypot1', 'any'),
        ('np.arctan2({u}, 1 + x**2)', 'atan2', 'any'), ('np.exp2({u})', 'exp2', 'any'), ('np.log2({u})', 'log2', 'pos'), ('np.log10({u})', 'log10', 'pos'),
        ('np.square({u})', 'square', 'any'), ('np.reciprocal({u})', 'reciprocal', 'pos'), ('np.cbrt({u})', 'cbrt', 'pos'),
        ('np.heaviside({u}, 0.5)', 'heaviside', 'kink'), ('(np.floor({u}) + ({u})**2)', 'floor_plus', 'kink'),
    ]),
    'scipy.special': ('import numpy as np\nimport scipy.special as sc', ['np', 'sc'], [
        ('sc.expit({u})', 'sigmoid', 'any'), ('sc.erf({u})', 'erf', 'any'), ('sc.erfc({u})', 'erfc', 'any'), ('sc.gammaln({u})', 'lgamma', 'pos'),
        ('sc.digamma({u})', 'digamma', 'pos'), ('sc.polygamma(1, {u})', 'trigamma', 'pos'), ('sc.gamma({u})', 'gamma', 'pos'),
        ('sc.beta({u}, 2)', 'beta2', 'pos'), ('sc.logit({u})', 'logit', 'unit'), ('sc.log_expit({u})', 'log_sigmoid', 'any'),
    ]),
    'sympy': ('import sympy as sp\nx, w, b = sp.symbols("x w b", real=True)', ['sp'], [
        ('sp.exp({u})', 'exp', 'any'), ('sp.log({u})', 'log', 'pos'), ('sp.sqrt({u})', 'sqrt', 'pos'), ('sp.sin({u})', 'sin', 'any'),
        ('sp.cos({u})', 'cos', 'any'), ('sp.atan({u})', 'atan', 'any'), ('sp.erf({u})', 'erf', 'any'), ('sp.gamma({u})', 'gamma', 'pos'),
        ('sp.loggamma({u})', 'lgamma', 'pos'), ('sp.Abs({u})', 'abs', 'kink'), ('sp.Max({u}, 0)', 'max0', 'kink'),
        ('sp.Piecewise(({u}, {u} > 0), (0.01*({u}), True))', 'where01', 'kink'), ('sp.tanh({u})', 'tanh', 'any'), ('sp.asinh({u})', 'asinh', 'any'),
    ]),
    'sympy-bare': ('from sympy import *\nx, w, b = symbols("x w b", real=True)', [], [
        ('exp({u})', 'exp', 'any'), ('log({u})', 'log', 'pos'), ('sqrt({u})', 'sqrt', 'pos'), ('sin({u})', 'sin', 'any'), ('cos({u})', 'cos', 'any'),
        ('atan({u})', 'atan', 'any'), ('erf({u})', 'erf', 'any'), ('tanh({u})', 'tanh', 'any'), ('Abs({u})', 'abs', 'kink'),
    ]),
    'torch': ('import math\nimport torch\nimport torch.nn.functional as F', ['torch', 'F', 'torch.special', 'math'], [
        ('torch.exp({u})', 'exp', 'any'), ('torch.log({u})', 'log', 'pos'), ('torch.sqrt({u})', 'sqrt', 'pos'), ('torch.sin({u})', 'sin', 'any'),
        ('torch.tanh({u})', 'tanh', 'any'), ('torch.sigmoid({u})', 'sigmoid', 'any'), ('torch.relu({u})', 'relu', 'kink'), ('torch.erf({u})', 'erf', 'any'),
        ('torch.erfc({u})', 'erfc', 'any'), ('torch.lgamma({u})', 'lgamma', 'pos'), ('torch.digamma({u})', 'digamma', 'pos'),
        ('torch.log1p({u})', 'log1p', 'pos'), ('torch.expm1({u})', 'expm1', 'any'), ('torch.sinc({u})', 'sinc', 'pos'),
        ('torch.clamp({u}, -0.5, 0.5)', 'clip', 'kink'), ('torch.where({u} > 0, {u}, 0.01*({u}))', 'where01', 'kink'), ('torch.abs({u})', 'abs', 'kink'),
        ('torch.atan({u})', 'atan', 'any'),
    ]),
    'F': ('import math\nimport torch\nimport torch.nn.functional as F', ['torch', 'F', 'torch.special', 'math'], [
        ('F.softplus({u})', 'softplus', 'any'), ('F.silu({u})', 'silu', 'any'), ('F.gelu({u})', 'gelu', 'any'),
        ("F.gelu({u}, approximate='tanh')", 'gelu_tanh', 'any'), ('F.elu({u})', 'elu', 'kink'), ('F.elu({u}, alpha=0.5)', 'elu05', 'kink'),
        ('F.leaky_relu({u})', 'leaky01', 'kink'), ('F.leaky_relu({u}, 0.2)', 'leaky02', 'kink'), ('F.leaky_relu({u}, negative_slope=0.2)', 'leaky02', 'kink'),
        ('F.logsigmoid({u})', 'log_sigmoid', 'any'), ('F.relu({u})', 'relu', 'kink'), ('F.softplus({u}, beta=2)', 'softplus_beta2', 'any'),
    ]),
    'tf': ('import math\nimport tensorflow as tf', ['tf', 'tf.math', 'tf.nn', 'math'], [
        ('tf.exp({u})', 'exp', 'any'), ('tf.math.log({u})', 'log', 'pos'), ('tf.sqrt({u})', 'sqrt', 'pos'), ('tf.sin({u})', 'sin', 'any'),
        ('tf.tanh({u})', 'tanh', 'any'), ('tf.sigmoid({u})', 'sigmoid', 'any'), ('tf.nn.relu({u})', 'relu', 'kink'), ('tf.nn.leaky_relu({u})', 'leaky02', 'kink'),
        ('tf.nn.gelu({u})', 'gelu', 'any'), ('tf.nn.gelu({u}, approximate=True)', 'gelu_tanh', 'any'), ('tf.nn.elu({u})', 'elu', 'kink'),
        ('tf.nn.silu({u})', 'silu', 'any'), ('tf.nn.softplus({u})', 'softplus', 'any'), ('tf.math.erf({u})', 'erf', 'any'),
        ('tf.math.lgamma({u})', 'lgamma', 'pos'), ('tf.math.log1p({u})', 'log1p', 'pos'), ('tf.math.log_sigmoid({u})', 'log_sigmoid', 'any'),
        ('tf.clip_by_value({u}, -0.5, 0.5)', 'clip', 'kink'), ('tf.abs({u})', 'abs', 'kink'), ('tf.maximum({u}, 0.0)', 'max0', 'kink'),
    ]),
    'jax': ('import jax\nimport jax.numpy as jnp', ['jnp', 'jax.nn', 'jax.scipy.special'], [
        ('jnp.exp({u})', 'exp', 'any'), ('jnp.log({u})', 'log', 'pos'), ('jnp.tanh({u})', 'tanh', 'any'), ('jnp.sin({u})', 'sin', 'any'),
        ('jnp.sinc({u})', 'sinc', 'pos'), ('jnp.logaddexp(0, {u})', 'logaddexp0', 'any'), ('jnp.where({u} > 0, {u}, 0.01*({u}))', 'where01', 'kink'),
        ('jnp.clip({u}, -0.5, 0.5)', 'clip', 'kink'), ('jnp.maximum({u}, 0)', 'max0', 'kink'), ('jax.nn.sigmoid({u})', 'sigmoid', 'any'),
        ('jax.nn.softplus({u})', 'softplus', 'any'), ('jax.nn.gelu({u})', 'gelu_tanh', 'any'), ('jax.nn.gelu({u}, approximate=False)', 'gelu', 'any'),
        ('jax.nn.relu({u})', 'relu', 'kink'), ('jax.nn.leaky_relu({u})', 'leaky01', 'kink'), ('jax.nn.elu({u})', 'elu', 'kink'),
        ('jax.nn.silu({u})', 'silu', 'any'), ('jax.nn.log_sigmoid({u})', 'log_sigmoid', 'any'), ('jax.scipy.special.erf({u})', 'erf', 'any'),
    ]),
    'autograd': ('import autograd.numpy as anp\nimport autograd.scipy.special as asp', ['anp', 'asp'], [
        ('anp.exp({u})', 'exp', 'any'), ('anp.log({u})', 'log', 'pos'), ('anp.tanh({u})', 'tanh', 'any'), ('anp.sin({u})', 'sin', 'any'),
        ('anp.sqrt({u})', 'sqrt', 'pos'), ('anp.logaddexp(0, {u})', 'logaddexp0', 'any'), ('anp.where({u} > 0, {u}, 0.01*({u}))', 'where01', 'kink'),
        ('anp.maximum({u}, 0)', 'max0', 'kink'), ('anp.abs({u})', 'abs', 'kink'), ('anp.arctan({u})', 'atan', 'any'), ('anp.log1p({u})', 'log1p', 'pos'),
        ('asp.expit({u})', 'sigmoid', 'any'), ('asp.erf({u})', 'erf', 'any'), ('asp.gammaln({u})', 'lgamma', 'pos'),
    ]),
    # math has no digamma: the derivative of math.gamma needs scipy.special, which such a document imports
    'math': ('import math\nimport scipy.special', ['math', 'scipy.special'], [
        ('math.exp({u})', 'exp', 'any'), ('math.log({u})', 'log', 'pos'), ('math.sqrt({u})', 'sqrt', 'pos'), ('math.sin({u})', 'sin', 'any'),
        ('math.cos({u})', 'cos', 'any'), ('math.atan({u})', 'atan', 'any'), ('math.erf({u})', 'erf', 'any'), ('math.erfc({u})', 'erfc', 'any'),
        ('math.gamma({u})', 'gamma', 'pos'), ('math.lgamma({u})', 'lgamma', 'pos'), ('math.hypot({u}, 1)', 'hypot1', 'any'),
        ('math.log2({u})', 'log2', 'pos'), ('math.log10({u})', 'log10', 'pos'), ('math.atan2({u}, 1 + x**2)', 'atan2', 'any'),
        ('math.tanh({u})', 'tanh', 'any'), ('math.log1p({u})', 'log1p', 'pos'),
    ]),
}

# Wrappers, as code around an activation or a special function: the term alone, in a loss, scaled, squared, gated
WRAPS = ['{f}', '{f} + 0.5*x**2', 'x*{f}', '({f})**2', '{f}/(1 + x**2)']
# The library's own exp, to gate a term: {f}*exp(-x/2)
EXP = {'numpy': 'np.exp', 'scipy.special': 'np.exp', 'sympy': 'sp.exp', 'sympy-bare': 'exp', 'torch': 'torch.exp', 'F': 'torch.exp',
       'tf': 'tf.exp', 'jax': 'jnp.exp', 'autograd': 'anp.exp', 'math': 'math.exp'}
# SymPy derivative operators written in the selection
SYMPY_DIFF = [
    ('sp.diff({f}, x)', 1), ('sp.diff({f}, x, 2)', 2), ('({f}).diff(x)', 1), ('sp.diff({f}, x, x)', 2),
]


def reference_of(ref_key, template, u):
    if ref_key is None:
        return None
    return REF[ref_key].replace('{u}', u)


def main():
    cases = []
    for module, (context, allowed, functions) in LIBS.items():
        n = 0
        for i, (template, ref_key, domain) in enumerate(functions):
            inners = INNER[domain]
            picks = [(inners[k % len(inners)], WRAPS[(i + k) % len(WRAPS)]) for k in range(3)]
            picks.append((inners[(i + 1) % len(inners)], '{f}*' + EXP[module] + '(-x/2)'))
            for inner, wrap in picks:
                src = wrap.replace('{f}', template.replace('{u}', inner))
                ref_f = reference_of(ref_key, template, inner)
                if ref_f is None:
                    continue
                ref_src = wrap.replace('{f}', ref_f).replace(EXP[module], 'exp')
                expr = sp.sympify(ref_src, locals=NS)
                # floor's and Heaviside's derivatives are 0 where they are defined
                d = sp.diff(expr, x).replace(lambda e: isinstance(e, (sp.Derivative, sp.DiracDelta)), lambda e: sp.S.Zero)
                n += 1
                cases.append({'id': f'{module}-{n:03d}', 'module': module, 'context': context, 'source': src, 'wrt': 'x',
                              'reference': sp.srepr(d), 'referenceText': str(d), 'domain': [0.2, 2.5] if domain != 'unit' else [0.2, 2.0],
                              'allowed': allowed})
        if module == 'sympy':
            for j, (op, order) in enumerate(SYMPY_DIFF * 3):
                template, ref_key, domain = functions[(j * 5) % len(functions)]
                inner = INNER[domain][j % len(INNER[domain])]
                f_src = template.replace('{u}', inner)
                src = op.replace('{f}', f_src)
                ref = sp.diff(sp.sympify(reference_of(ref_key, template, inner), locals=NS), x, order)
                n += 1
                cases.append({'id': f'{module}-{n:03d}', 'module': 'sympy.diff', 'context': context, 'source': src, 'wrt': 'x',
                              'reference': sp.srepr(ref), 'referenceText': str(ref), 'domain': [0.2, 2.5], 'allowed': allowed, 'operator': True})
    out = os.path.join(os.path.dirname(__file__), '..', 'test', 'corpus', 'vocabulary.jsonl')
    with open(out, 'w') as fh:
        for c in cases:
            fh.write(json.dumps(c) + '\n')
    print(f'{len(cases)} cases → test/corpus/vocabulary.jsonl')


if __name__ == '__main__':
    main()
