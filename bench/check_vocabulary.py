"""Judges printed derivatives of the vocabulary corpus with the real libraries: reads JSON cases on stdin
(context, source, result, reference, points, module), prints one verdict per case as JSON.

For each case the printed result runs in the input's library with the input's imports, and is compared
at each point with that library's own derivative of the input — torch.autograd, tf.GradientTape,
jax.grad, autograd.grad, sympy.diff — and with SymPy's reference; numpy, scipy.special and math, which
have no autodiff, are compared with the reference and a central difference of the input. A library
that is not installed gives 'skipped' with the reason, never 'ok'.
"""
import json
import math
import sys
import warnings

import sympy as sp

warnings.filterwarnings('ignore')
X, W, B = sp.symbols('x w b', real=True)
LIBRARY = {'torch': 'torch', 'F': 'torch', 'tf': 'tensorflow', 'jax': 'jax', 'autograd': 'autograd'}
available = {}


def have(module):
    if module not in available:
        try:
            __import__(module)
            available[module] = True
        except Exception as e:  # an install that does not import counts as missing
            available[module] = f'{type(e).__name__}: {e}'
    return available[module] is True


def reference(case):
    expr = eval(case['reference'], {**sp.__dict__, 'ExprCondPair': sp.functions.elementary.piecewise.ExprCondPair, 'Symbol': lambda n, **kw: {'x': X, 'w': W, 'b': B}[n]})
    return sp.lambdify((X, W, B), expr, modules=['scipy', 'numpy'])


def close(a, b, tol):
    return math.isfinite(a) and math.isfinite(b) and abs(a - b) <= tol * max(1.0, abs(b))


def library_derivative(case, ns, p):
    """The library's own derivative of the input at point p, and our printed result evaluated there."""
    module, src, res = case['module'], case['source'], case['result']
    x, w, b = p['x'], p['w'], p['b']
    if module in ('torch', 'F'):
        import torch
        xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        f = eval(f'lambda x, w, b: {src}', ns)
        f(xt, w, b).backward()
        ours = eval(f'lambda x, w, b: {res}', ns)(torch.tensor(x, dtype=torch.float64), w, b)
        return float(xt.grad), float(ours), 1e-7
    if module == 'tf':
        import tensorflow as tf
        xt = tf.constant(x, dtype=tf.float32)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = eval(f'lambda x, w, b: {src}', ns)(xt, w, b)
        ours = eval(f'lambda x, w, b: {res}', ns)(tf.constant(x, dtype=tf.float32), w, b)
        return float(tape.gradient(y, xt)), float(ours), 2e-4
    if module == 'jax':
        import jax
        jax.config.update('jax_enable_x64', True)
        f = eval(f'lambda x, w, b: {src}', ns)
        lib = jax.grad(lambda t: f(t, w, b))(x)
        ours = eval(f'lambda x, w, b: {res}', ns)(jax.numpy.float64(x), w, b)
        return float(lib), float(ours), 1e-7
    if module == 'autograd':
        import autograd
        f = eval(f'lambda x, w, b: {src}', ns)
        lib = autograd.grad(lambda t: f(t, w, b))(x)
        ours = eval(f'lambda x, w, b: {res}', ns)(x, w, b)
        return float(lib), float(ours), 1e-7
    if module.startswith('sympy'):
        expr = eval(src, ns)
        lib = expr if case.get('operator') else sp.diff(expr, ns['x'])
        ours = eval(res, ns)
        at = {ns['x']: x, ns['w']: w, ns['b']: b}
        return float(sp.sympify(lib).subs(at).evalf()), float(sp.sympify(ours).subs(at).evalf()), 1e-7
    # numpy, scipy.special, math: no autodiff; a central difference of the input
    f = eval(f'lambda x, w, b: {src}', ns)
    h = 1e-6
    lib = (float(f(x + h, w, b)) - float(f(x - h, w, b))) / (2 * h)
    ours = eval(f'lambda x, w, b: {res}', ns)(x, w, b)
    return lib, float(ours), 1e-5


def judge(case):
    lib = LIBRARY.get(case['module'])
    if lib and not have(lib):
        return {'id': case['id'], 'verdict': 'skipped', 'why': f'{lib} is not installed ({available[lib]})'}
    ns = {}
    try:
        exec(case['context'], ns)
        ref = reference(case)
        for p in case['points']:
            lib_value, ours, tol = library_derivative(case, ns, p)
            want = float(ref(p['x'], p['w'], p['b']))
            if not close(ours, lib_value, max(tol, 1e-5 if case['module'] in ('numpy', 'scipy.special', 'math') else tol)) or not close(ours, want, max(tol, 1e-6)):
                return {'id': case['id'], 'verdict': 'wrong', 'why': f'at {p}: ours {ours}, library {lib_value}, SymPy {want}'}
        return {'id': case['id'], 'verdict': 'ok'}
    except Exception as e:
        return {'id': case['id'], 'verdict': 'wrong', 'why': f'the printed result does not run: {type(e).__name__}: {str(e)[:200]}'}


def main():
    cases = json.load(sys.stdin)
    print(json.dumps([judge(c) for c in cases]))


if __name__ == '__main__':
    main()
