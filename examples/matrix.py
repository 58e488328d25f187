"""Vector and matrix expressions: gradients, Jacobians and Hessians.

Select the right-hand side of an assignment and run "Derivative: Explain Derivative" to see the
shapes, the index (Einstein) form with its Kronecker deltas, the layout, and numpy/einsum code with
a gradient check you can paste and run. "Derivative: Differentiate Selection" inserts the result.
"""
import numpy as np

# x: (n,), A: (n, n), W: (m, n), b: (m,)

# A quadratic form: its gradient is (A + A.T) @ x
q = x.T @ A @ x

# A layer: the Jacobian of tanh(W x + b) with respect to x (try the layout toggle)
h = np.tanh(W @ x + b)

# Least squares
loss = np.sum((W @ x - b)**2)
