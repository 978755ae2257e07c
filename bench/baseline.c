/*
 * A straightforward scalar, per-example, f64 implementation of the training
 * loop that crates/backprop/benches/epochs.rs measures — the baseline the
 * engine is compared with. Build and run (scripts/bench does this):
 *
 *     gcc -O2 bench/baseline.c -lm -o target/bench-baseline && target/bench-baseline
 *
 * Same algorithm and sizes as the Rust bench: dense layers, tanh everywhere,
 * half_mse loss, plain SGD with learning rate 0.03, batches of 10 samples in
 * order (no shuffle) over 250 points, targets 0/1. For each batch: for each
 * sample, forward (z = sum w*a + b, a = tanh(z) from <math.h>), output delta
 * (yhat - y)/m * (1 - yhat^2), backpropagate the deltas, accumulate dW and db;
 * after the batch, w -= lr * g. The mean loss of the epoch (each sample's loss
 * taken before its batch's update) is accumulated as the engine does.
 *
 * The data has the same distribution as the engine's, drawn from a simple LCG
 * (circle: class 1 at radius U(0, 2.5), class 0 at U(3.5, 5); spiral: two arms
 * of 1.75 turns out to radius 5, no noise), and weights start ~ U with
 * variance 1/fan_in; the values need not match the engine's, the work does.
 *
 * FLOP count (the same as the Rust bench). Per sample, per dense layer with
 * n_in inputs and n_out units: forward 2*n_in*n_out + n_out; backward
 * 2*n_in*n_out (dW) + 2*n_in*n_out (da_prev, not for the first layer) + n_out
 * (db); per batch, 2 per parameter for the update. tanh is not counted.
 *
 * Environment: BENCH_SECONDS (default 2) is the time spent per case.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POINTS 250
#define BATCH 10
#define LEARNING_RATE 0.03
#define MAX_LAYERS 8 /* weight layers */
#define MAX_UNITS 8
#define PI 3.14159265358979323846

typedef struct {
    int sizes[MAX_LAYERS + 1]; /* units per layer, input first */
    int layers;                /* weight layers */
    double w[MAX_LAYERS][MAX_UNITS][MAX_UNITS]; /* w[l][j][i]: unit i of layer l -> unit j of layer l+1 */
    double b[MAX_LAYERS][MAX_UNITS];
    double gw[MAX_LAYERS][MAX_UNITS][MAX_UNITS];
    double gb[MAX_LAYERS][MAX_UNITS];
    double a[MAX_LAYERS + 1][MAX_UNITS]; /* a[0] = input, a[l+1] = output of weight layer l */
    double delta[MAX_LAYERS][MAX_UNITS]; /* dL/dz of weight layer l */
} Net;

static double xs[POINTS][2];
static double ys[POINTS];

/* Numerical Recipes' 32-bit LCG. */
static unsigned int lcg_state = 1u;
static double uniform(double lo, double hi) {
    lcg_state = 1664525u * lcg_state + 1013904223u;
    return lo + (hi - lo) * (lcg_state / 4294967296.0);
}

static void make_circle(void) {
    for (int s = 0; s < POINTS; s++) {
        int inside = s < POINTS / 2;
        double r = inside ? uniform(0.0, 2.5) : uniform(3.5, 5.0);
        double angle = uniform(0.0, 2.0 * PI);
        xs[s][0] = r * cos(angle);
        xs[s][1] = r * sin(angle);
        ys[s] = inside ? 1.0 : 0.0;
    }
}

static void make_spiral(void) {
    int half = (POINTS + 1) / 2;
    for (int s = 0; s < POINTS; s++) {
        int first = s < half;
        int i = first ? s : s - half;
        int arm = first ? half : POINTS - half;
        double f = (double)i / arm;
        double r = 5.0 * f;
        double t = 1.75 * 2.0 * PI * f + (first ? 0.0 : PI);
        xs[s][0] = r * sin(t);
        xs[s][1] = r * cos(t);
        ys[s] = first ? 1.0 : 0.0;
    }
}

static void init_net(Net *net, const int *sizes, int count) {
    memset(net, 0, sizeof *net);
    net->layers = count - 1;
    for (int l = 0; l < count; l++) net->sizes[l] = sizes[l];
    for (int l = 0; l < net->layers; l++) {
        int n_in = sizes[l], n_out = sizes[l + 1];
        double scale = sqrt(3.0 / n_in); /* U(-scale, scale) has variance 1/n_in */
        for (int j = 0; j < n_out; j++) {
            for (int i = 0; i < n_in; i++) net->w[l][j][i] = uniform(-scale, scale);
            net->b[l][j] = 0.0;
        }
    }
}

/* One epoch: batches of BATCH samples in order. Returns the epoch's mean loss. */
static double train_epoch(Net *net) {
    const int L = net->layers;
    const int *n = net->sizes;
    double loss_sum = 0.0;
    for (int start = 0; start < POINTS; start += BATCH) {
        int end = start + BATCH < POINTS ? start + BATCH : POINTS;
        int m = end - start;
        for (int l = 0; l < L; l++) {
            for (int j = 0; j < n[l + 1]; j++) {
                for (int i = 0; i < n[l]; i++) net->gw[l][j][i] = 0.0;
                net->gb[l][j] = 0.0;
            }
        }
        for (int s = start; s < end; s++) {
            /* forward */
            net->a[0][0] = xs[s][0];
            net->a[0][1] = xs[s][1];
            for (int l = 0; l < L; l++) {
                for (int j = 0; j < n[l + 1]; j++) {
                    double z = net->b[l][j];
                    for (int i = 0; i < n[l]; i++) z += net->w[l][j][i] * net->a[l][i];
                    net->a[l + 1][j] = tanh(z);
                }
            }
            /* output delta: half_mse, mean over the batch, through tanh' = 1 - a^2 */
            double yhat = net->a[L][0];
            double err = yhat - ys[s];
            loss_sum += 0.5 * err * err;
            net->delta[L - 1][0] = err / m * (1.0 - yhat * yhat);
            /* backward */
            for (int l = L - 1; l >= 0; l--) {
                for (int j = 0; j < n[l + 1]; j++) {
                    double d = net->delta[l][j];
                    for (int i = 0; i < n[l]; i++) net->gw[l][j][i] += d * net->a[l][i];
                    net->gb[l][j] += d;
                }
                if (l == 0) break;
                for (int i = 0; i < n[l]; i++) {
                    double da = 0.0;
                    for (int j = 0; j < n[l + 1]; j++) da += net->w[l][j][i] * net->delta[l][j];
                    double a = net->a[l][i];
                    net->delta[l - 1][i] = da * (1.0 - a * a);
                }
            }
        }
        /* update */
        for (int l = 0; l < L; l++) {
            for (int j = 0; j < n[l + 1]; j++) {
                for (int i = 0; i < n[l]; i++) net->w[l][j][i] -= LEARNING_RATE * net->gw[l][j][i];
                net->b[l][j] -= LEARNING_RATE * net->gb[l][j];
            }
        }
    }
    return loss_sum / POINTS;
}

static double flops_per_epoch(const int *sizes, int count) {
    long per_sample = 0, params = 0;
    for (int l = 0; l + 1 < count; l++) {
        long n_in = sizes[l], n_out = sizes[l + 1];
        per_sample += 2 * n_in * n_out + n_out;     /* forward */
        per_sample += 2 * n_in * n_out + n_out;     /* backward: dW, db */
        if (l > 0) per_sample += 2 * n_in * n_out;  /* backward: da_prev */
        params += n_in * n_out + n_out;
    }
    long batches = (POINTS + BATCH - 1) / BATCH;
    return (double)(POINTS * per_sample + batches * 2 * params);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void run(const char *name, const char *data, const int *sizes, int count, double seconds) {
    static Net net;
    init_net(&net, sizes, count);

    /* warm up for a tenth of the budget; chunks of about 20 ms */
    double start = now();
    long warm = 0;
    double loss = 0.0;
    while (now() - start < seconds / 10 || warm == 0) {
        for (int e = 0; e < 10; e++) loss = train_epoch(&net);
        warm += 10;
    }
    double per_epoch = (now() - start) / warm;
    long chunk = (long)(0.02 / per_epoch);
    if (chunk < 1) chunk = 1;

    long epochs = 0;
    double elapsed;
    start = now();
    for (;;) {
        for (long e = 0; e < chunk; e++) loss = train_epoch(&net);
        epochs += chunk;
        elapsed = now() - start;
        if (elapsed >= seconds) break;
    }

    double eps = epochs / elapsed;
    char label[64] = "";
    for (int l = 0; l < count; l++) {
        char part[8];
        snprintf(part, sizeof part, l ? "-%d" : "%d", sizes[l]);
        strncat(label, part, sizeof label - strlen(label) - 1);
    }
    printf("c-O2 case=%s net=%s data=%s/%d  epochs/s=%.1f  us/epoch=%.3f  GFLOP/s=%.4f  loss=%.6f  epochs=%ld  secs=%.2f\n",
           name, label, data, POINTS, eps, 1e6 / eps, flops_per_epoch(sizes, count) * eps / 1e9,
           loss, epochs, elapsed);
    if (!isfinite(loss)) printf("  warning: case %s diverged, so the figures above are meaningless\n", name);
    fflush(stdout);
}

int main(void) {
    double seconds = 2.0;
    const char *env = getenv("BENCH_SECONDS");
    if (env) {
        char *end;
        double v = strtod(env, &end);
        if (end != env && v > 0 && isfinite(v)) seconds = v;
        else fprintf(stderr, "BENCH_SECONDS=\"%s\" is not a positive number; using 2\n", env);
    }
    static const int a[] = {2, 4, 2, 1};
    static const int b[] = {2, 8, 8, 8, 8, 8, 8, 1};
    printf("# tanh, half_mse, SGD lr %g, batch %d, no shuffle, %d points, 0/1 targets; >= %g s per case\n",
           LEARNING_RATE, BATCH, POINTS, seconds);
    printf("#   case a: %.0f FLOP/epoch\n", flops_per_epoch(a, 4));
    printf("#   case b: %.0f FLOP/epoch\n", flops_per_epoch(b, 8));
    lcg_state = 1u;
    make_circle();
    run("a", "circle", a, 4, seconds);
    lcg_state = 1u;
    make_spiral();
    run("b", "spiral", b, 8, seconds);
    return 0;
}
