"""Reference numbers for seed 003 ("A Simple Neural Net", 2-2-1 sigmoid net).

Part 1 reproduces the tutorial's deterministic printouts:
  Neuron([0,1], 4).feedforward([2,3])      -> 0.9990889488055994 (in text)
  OurNeuralNetwork (all w=[0,1], b=0)([2,3]) -> 0.7216325609518421 (in text)
  mse_loss([1,0,0,1], [0,0,0,0])           -> 0.5 (in text)
Part 2 (EXTRA, not in the tutorial): the tutorial's training code draws its
9 initial parameters with np.random.normal() WITHOUT a seed, so its loss curve
cannot be reproduced. Here we seed 42 (normal() == randn() stream) and run the
tutorial's per-sample SGD loop verbatim (lr 0.1, 1000 epochs) so a Rust port
can be checked bit-for-bit. Floats printed with repr() (bit-exact).
"""
import json
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def deriv_sigmoid(x):
    fx = sigmoid(x)
    return fx * (1 - fx)


def mse_loss(y_true, y_pred):
    return ((y_true - y_pred) ** 2).mean()


# ---- Part 1 -----------------------------------------------------------------
def neuron(w, b, x):
    return sigmoid(np.dot(w, x) + b)


w = np.array([0, 1])
x = np.array([2, 3])
print("neuron_w01_b4_x23 =", repr(float(neuron(w, 4, x))))
h = neuron(w, 0, x)                       # h1 == h2
print("network_h =", repr(float(h)))
print("network_out =", repr(float(neuron(w, 0, np.array([h, h])))))
print("mse_example =", repr(float(mse_loss(np.array([1, 0, 0, 1]), np.array([0, 0, 0, 0])))))

# ---- Part 2 (extra, seeded) -------------------------------------------------
np.random.seed(42)
p = {k: np.random.normal() for k in ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")}
print("init_params_seed42 =", json.dumps({k: float(v) for k, v in p.items()}))

data = np.array([[-2, -1], [25, 6], [17, 4], [-15, -6]])
all_y_trues = np.array([1, 0, 0, 1])


def feedforward(x):
    h1 = sigmoid(p["w1"] * x[0] + p["w2"] * x[1] + p["b1"])
    h2 = sigmoid(p["w3"] * x[0] + p["w4"] * x[1] + p["b2"])
    return sigmoid(p["w5"] * h1 + p["w6"] * h2 + p["b3"])


def total_loss():
    return mse_loss(all_y_trues, np.apply_along_axis(feedforward, 1, data))


print("loss_before_training =", repr(float(total_loss())))
lr = 0.1
losses = {}
for epoch in range(1000):
    for x, y_true in zip(data, all_y_trues):
        s_h1 = p["w1"] * x[0] + p["w2"] * x[1] + p["b1"]; h1 = sigmoid(s_h1)
        s_h2 = p["w3"] * x[0] + p["w4"] * x[1] + p["b2"]; h2 = sigmoid(s_h2)
        s_o1 = p["w5"] * h1 + p["w6"] * h2 + p["b3"]; y_pred = sigmoid(s_o1)
        d_L_d_ypred = -2 * (y_true - y_pred)
        d_ypred_d_w5 = h1 * deriv_sigmoid(s_o1)
        d_ypred_d_w6 = h2 * deriv_sigmoid(s_o1)
        d_ypred_d_b3 = deriv_sigmoid(s_o1)
        d_ypred_d_h1 = p["w5"] * deriv_sigmoid(s_o1)   # uses w5/w6 before update
        d_ypred_d_h2 = p["w6"] * deriv_sigmoid(s_o1)
        d_h1_d_w1 = x[0] * deriv_sigmoid(s_h1)
        d_h1_d_w2 = x[1] * deriv_sigmoid(s_h1)
        d_h1_d_b1 = deriv_sigmoid(s_h1)
        d_h2_d_w3 = x[0] * deriv_sigmoid(s_h2)
        d_h2_d_w4 = x[1] * deriv_sigmoid(s_h2)
        d_h2_d_b2 = deriv_sigmoid(s_h2)
        p["w1"] -= lr * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1
        p["w2"] -= lr * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w2
        p["b1"] -= lr * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_b1
        p["w3"] -= lr * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w3
        p["w4"] -= lr * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w4
        p["b2"] -= lr * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_b2
        p["w5"] -= lr * d_L_d_ypred * d_ypred_d_w5
        p["w6"] -= lr * d_L_d_ypred * d_ypred_d_w6
        p["b3"] -= lr * d_L_d_ypred * d_ypred_d_b3
    if epoch % 10 == 0:
        losses[epoch] = total_loss()
print("loss_at_epochs_0_10_100_990 =", json.dumps([float(losses[e]) for e in (0, 10, 100, 990)]))
print("loss_after_training =", repr(float(total_loss())))
print("final_params_seed42 =", json.dumps({k: float(v) for k, v in p.items()}))
print("emily =", repr(float(feedforward(np.array([-7, -3])))))
print("frank =", repr(float(feedforward(np.array([20, 2])))))
