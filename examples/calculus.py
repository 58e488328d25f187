"""Numpy expressions worth differentiating.

Select the right-hand side of an assignment (everything after `=`) and run
"Derivative: Differentiate Selection" (Ctrl+Alt+D). The derivative lands on a new
line below, named after the variable: `dy_dx = ...`.
"""
import numpy as np

x = np.linspace(-4.0, 4.0, 201)
mu, sigma = 0.5, 1.5

# Logistic sigmoid and its smooth cousin, the softplus
sigmoid = 1 / (1 + np.exp(-x))
softplus = np.log(1 + np.exp(x))

# A Gaussian bump: try "Differentiate Selection With Respect To..." and pick mu or sigma
gaussian = np.exp(-(x - mu)**2 / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi))

# A damped oscillation
y = np.sin(x)**2 * np.exp(-x)

# Things that simplify nicely
z = np.log(np.cosh(x))
w = np.arctan(x) + np.arctan(1 / x)
r = np.sqrt(x**2 + 1) * np.tanh(x)
