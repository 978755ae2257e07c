"""Reference numbers for seed 000, the 2->2->1 sigmoid network (one step).

Code follows the tutorial exactly; the one typo line
    dC_dZ1 = dA1 * sigmoid_derivative(A1)
is run as
    dC_dZ1 = dC_dA1 * sigmoid_derivative(A1)
Cost is the tutorial's np.sum((A2 - Y)**2) / m with m = 1 (no 1/2 factor).
Floats are printed with repr() (shortest round-trip => bit-exact).
"""
import json
import numpy as np

X = np.array([[0.5], [0.1]])   # (2, 1)
Y = np.array([[1]])            # (1, 1)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(a):     # takes the activation, not z
    return a * (1 - a)


np.random.seed(42)
W1 = np.random.randn(2, 2)     # gaussians #1..#4 of the stream (row-major)
b1 = np.zeros((2, 1))
W2 = np.random.randn(1, 2)     # gaussians #5..#6
b2 = np.zeros((1, 1))


def show(name, a):
    print(name, "=", json.dumps(np.asarray(a, dtype=float).tolist()))


show("W1", W1)
show("W2", W2)

# --- forward
Z1 = W1 @ X + b1
A1 = sigmoid(Z1)
Z2 = W2 @ A1 + b2
A2 = sigmoid(Z2)
m = 1
cost = np.sum((A2 - Y) ** 2) / m
show("Z1", Z1)
show("A1", A1)
show("Z2", Z2)
show("A2", A2)
print("cost =", repr(float(cost)))

# --- backward
dC_dA2 = 2 * (A2 - Y)
dC_dZ2 = dC_dA2 * sigmoid_derivative(A2)
dC_dW2 = dC_dZ2 @ A1.T
dC_db2 = dC_dZ2
dC_dA1 = W2.T @ dC_dZ2
dC_dZ1 = dC_dA1 * sigmoid_derivative(A1)   # typo `dA1` fixed
dC_dW1 = dC_dZ1 @ X.T
dC_db1 = dC_dZ1
for name, v in [("dC_dA2", dC_dA2), ("dC_dZ2", dC_dZ2), ("dC_dW2", dC_dW2),
                ("dC_db2", dC_db2), ("dC_dA1", dC_dA1), ("dC_dZ1", dC_dZ1),
                ("dC_dW1", dC_dW1), ("dC_db1", dC_db1)]:
    show(name, v)

# --- update (in place, as in the tutorial)
lr = 0.1
W1 -= lr * dC_dW1
b1 -= lr * dC_db1
W2 -= lr * dC_dW2
b2 -= lr * dC_db2
show("W1_updated", W1)
show("b1_updated", b1)
show("W2_updated", W2)
show("b2_updated", b2)

# (extra) cost after the update, same forward pass
A2n = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
show("A2_after_update", A2n)
print("cost_after_update =", repr(float(np.sum((A2n - Y) ** 2) / m)))
