"""Reference numbers for seed 000 (linear regression by gradient descent).

Reproduces the tutorial code exactly as written (same expression order),
including its quirks: mse() reads the *global* heights_obs, the stop test is
`if previous_cost and abs(previous_cost - cost) <= 1e-6` (truthiness), and the
break happens *before* the current point is appended/updated.
Floats are printed with repr(), i.e. the shortest string that round-trips to
the identical IEEE-754 double (bit-exact).
"""
import json
import numpy as np

np.random.seed(42)                              # legacy MT19937 RandomState
weights = 50 + 20 * np.random.rand(50)          # weights between 50 and 70

true_intercept = 0.4
true_slope = 2.5
noise = 5 * np.random.randn(50)


def f(intercept, slope, weights, noise=None):
    if noise is None:
        y = intercept + slope * weights
    else:
        y = intercept + slope * weights + noise
    return y


def mse(y_obs, y_pred):
    return np.sum((y_obs - y_pred) ** 2) / len(y_obs)


heights_obs = f(true_intercept, true_slope, weights, noise=noise)


class GradientDescent:  # verbatim from the tutorial
    def fit(self, x, y, lr=0.0001, n_iterations=1000):
        self.intercepts = []
        self.slopes = []
        self.cost_functions = []
        self.derivative_intercepts = []
        self.derivative_slopes = []
        self.loop_iterations = 0                # (added) loop bodies entered
        n = len(x)
        current_intercept = 0.01
        current_slope = 0.01
        previous_cost = None
        for i in range(n_iterations):
            self.loop_iterations += 1
            y_pred = f(current_intercept, current_slope, x)
            cost_function = mse(heights_obs, y_pred)
            derivative_intercept = np.sum(-2 / n * (heights_obs - y_pred))
            derivative_slope = np.sum(-2 / n * (heights_obs - y_pred) * x)

            if previous_cost and abs(previous_cost - cost_function) <= 1e-6:
                break
            previous_cost = cost_function

            self.intercepts.append(current_intercept)
            self.slopes.append(current_slope)
            self.cost_functions.append(cost_function)
            self.derivative_intercepts.append(derivative_intercept)
            self.derivative_slopes.append(derivative_slope)

            current_intercept = current_intercept - lr * derivative_intercept
            current_slope = current_slope - lr * derivative_slope

        return current_intercept, current_slope


def fl(a):
    return [float(v) for v in a]


print("numpy_version =", np.__version__)
print("weights =", json.dumps(fl(weights)))
print("noise =", json.dumps(fl(noise)))
print("heights_obs =", json.dumps(fl(heights_obs)))

gd = GradientDescent()
intercept, slope = gd.fit(weights, heights_obs)
c = gd.cost_functions
print("recorded_iterations (len(cost_functions)) =", len(c))
print("loop_bodies_entered =", gd.loop_iterations)
print("broke_early =", gd.loop_iterations < 1000 or len(c) < 1000)
print("first_3_costs =", json.dumps(fl(c[:3])))
print("last_recorded_cost =", repr(float(c[-1])))
print("all_recorded_costs =", json.dumps(fl(c)))
# Cost at the returned point (the one evaluated in the breaking iteration).
print("cost_at_returned_point =", repr(float(mse(heights_obs, f(intercept, slope, weights)))))
print("last_recorded_intercept =", repr(float(gd.intercepts[-1])))
print("last_recorded_slope =", repr(float(gd.slopes[-1])))
print("final_intercept (returned) =", repr(float(intercept)))
print("final_slope (returned) =", repr(float(slope)))

# Values at the start point (0.01, 0.01), i.e. the first loop iteration.
print("start_cost =", repr(float(gd.cost_functions[0])))
print("start_derivative_intercept =", repr(float(gd.derivative_intercepts[0])))
print("start_derivative_slope =", repr(float(gd.derivative_slopes[0])))
# Point after the first update (second recorded point).
print("second_intercept =", repr(float(gd.intercepts[1])))
print("second_slope =", repr(float(gd.slopes[1])))
