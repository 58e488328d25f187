"""Loss functions made of assignments and a return.

Put the cursor on a `def` line and open the lightbulb (Ctrl+.): "Generate gradient
function" writes `loss_grad(...)` below, with respect to the argument you pick.
numpy code with `@`, `.T` or `np.sum` goes through the matrix engine; the docstring
says which shapes it assumed. Select an expression and hover over it (or press
Ctrl+K Ctrl+I) to preview its derivative.
"""
import numpy as np


def loss(w, X, y): r = X @ w - y; return r @ r


def nll(w, X, y):
    """Logistic regression: negative log-likelihood."""
    z = X @ w
    p = 1 / (1 + np.exp(-z))
    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))


def energy(x, k):
    """A scalar function: the gradient keeps the intermediates (dr_dx, ds_dx)."""
    r = k * x - np.sin(x)
    s = np.exp(-r**2)
    return s * x + k**2
