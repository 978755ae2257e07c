"""Reference numbers for seed 002 (OR gate, single sigmoid neuron).

Model: yhat = sigmoid(W . x + b), W = [0.1, 0.6], b = 0.
Loss (one example):  L = 1/2 (y - yhat)^2
Cost (batch of m):   C = mean over examples of 1/2 (y - yhat)^2
Gradients:  dZ = (yhat - y) * yhat * (1 - yhat)
            dC/dW = (dZ @ X.T) / m,   dC/db = sum(dZ) / m
Layout follows the tutorial: X is (2, m), one example per column.
Floats are printed with repr() (shortest round-trip => bit-exact).
"""
import json
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def show(name, a):
    a = np.asarray(a, dtype=float)
    print(name, "=", repr(float(a)) if a.ndim == 0 else json.dumps(a.tolist()))


W = np.array([[0.1, 0.6]])     # (1, 2)
b = 0.0

# ---- single example (0,0) -> 0, learning rate 1 ----------------------------
x = np.array([[0.0], [0.0]]); y = 0.0
z = (W @ x + b).item()
yhat = sigmoid(z)
loss = 0.5 * (y - yhat) ** 2
dL_dyhat = yhat - y
dyhat_dz = yhat * (1 - yhat)
dL_dz = dL_dyhat * dyhat_dz
print("# single example (0,0)->0")
show("z", z); show("yhat", yhat); show("loss", loss)
show("dL_dyhat", dL_dyhat); show("dyhat_dz", dyhat_dz); show("dL_dz", dL_dz)
show("dL_dW", dL_dz * x.T); show("dL_db", dL_dz)
b1 = b - 1.0 * dL_dz
yhat1 = sigmoid((W @ x + b1).item())
show("b_after_step", b1); show("yhat_after_step", yhat1)
show("loss_after_step", 0.5 * (y - yhat1) ** 2)

# ---- full batch, all 4 OR rows ----------------------------------------------
X = np.array([[0., 0., 1., 1.],
              [0., 1., 0., 1.]])   # (2, 4): columns (0,0),(0,1),(1,0),(1,1)
Y = np.array([[0., 1., 1., 1.]])   # (1, 4)
m = X.shape[1]


def forward_backward(W, b):
    A = sigmoid(W @ X + b)                    # (1, 4)
    cost = np.mean(0.5 * (Y - A) ** 2)
    dZ = (A - Y) * A * (1 - A)
    dW = (dZ @ X.T) / m                       # (1, 2)
    db = np.sum(dZ) / m
    return A, cost, dW, db


print("# full batch, W=[0.1,0.6], b=0, lr=1")
A, cost, dW, db = forward_backward(W, b)
show("Z", W @ X + b); show("A", A); show("cost", cost)
show("dCost_dW", dW); show("dCost_db", db)
W1 = W - 1.0 * dW
b1 = b - 1.0 * db
A1, cost1, dW1, db1 = forward_backward(W1, b1)
show("W_after_step", W1); show("b_after_step", b1)
show("A_after_step", A1); show("cost_after_step", cost1)
show("dCost_dW_at_new_point", dW1); show("dCost_db_at_new_point", db1)

# ---- 5000 full-batch epochs at lr 1 -----------------------------------------
# Epoch k (1-based): forward pass -> record cost_hist[k-1] -> update.
# So cost_hist[k-1] is the cost *before* the k-th update (= after k-1 updates).
print("# training 5000 epochs, lr=1, from W=[0.1,0.6], b=0")
Wt, bt = W.copy(), b
cost_hist = []
for epoch in range(5000):
    _, c, dW, db = forward_backward(Wt, bt)
    cost_hist.append(c)
    Wt = Wt - 1.0 * dW
    bt = bt - 1.0 * db
final_cost = forward_backward(Wt, bt)[1]
for k in (1000, 3000, 5000):
    show("cost_recorded_in_epoch_%d (after %d updates)" % (k, k - 1), cost_hist[k - 1])
    show("cost_after_%d_updates" % k, cost_hist[k] if k < 5000 else final_cost)
show("final_cost (after 5000 updates)", final_cost)
show("final_W", Wt); show("final_b", bt)
show("final_A", sigmoid(Wt @ X + bt))
