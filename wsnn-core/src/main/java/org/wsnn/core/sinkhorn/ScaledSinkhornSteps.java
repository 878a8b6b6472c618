package org.wsnn.core.sinkhorn;

import java.util.stream.IntStream;

/**
 * Sinkhorn as matrix scaling: with E = exp(Θ − max Θ) per matrix, every iterate is
 * exp(x) = diag(u)·E·diag(v)/c for scaling vectors u, v, so a row half-step is u ← 1/(E·v) and a column
 * half-step is v ← 1/(Eᵀ·u) — two matrix–vector products per iteration instead of an {@code exp} per
 * element. The matrix after each half-step (the softmax its backward pass needs, see {@link SinkhornSteps})
 * is diag(u)·E·diag(v) with that step's vectors, so the trace keeps E once and 2K pairs of d-vectors.
 * Identical in exact arithmetic to the log-domain iteration of {@link Sinkhorn#normalize}.
 *
 * <p>Only used when every matrix's logits span at most {@link #MAX_SPAN} (then E ≥ e^−MAX_SPAN and the
 * scalings stay far inside double range); wider logits go to {@link LogDomainSinkhornSteps}.
 */
final class ScaledSinkhornSteps implements SinkhornSteps {

    /** Largest max − min of one matrix's logits handled by scaling. */
    static final double MAX_SPAN = 200;

    private final int matrices;
    private final int d;
    /** E = exp(Θ − max) per matrix. */
    private final double[] e;
    /** Row scalings after each half-step: [2K][matrices·d]. */
    private final double[][] u;
    /** Column scalings after each half-step: [2K][matrices·d]. */
    private final double[][] v;
    private final double[] result;

    ScaledSinkhornSteps(double[] theta, int matrices, int d, int iterations) {
        this.matrices = matrices;
        this.d = d;
        this.e = new double[theta.length];
        this.u = new double[2 * iterations][];
        this.v = new double[2 * iterations][];
        IntStream.range(0, matrices).parallel().forEach(m -> {
            int base = m * d * d;
            double max = Double.NEGATIVE_INFINITY;
            for (int p = base; p < base + d * d; p++) {
                max = Math.max(max, theta[p]);
            }
            for (int p = base; p < base + d * d; p++) {
                e[p] = Math.exp(theta[p] - max);
            }
        });
        double[] cols = new double[matrices * d];
        java.util.Arrays.fill(cols, 1.0);
        double[] rows = null;
        for (int step = 0; step < 2 * iterations; step++) {
            if (step % 2 == 0) {
                rows = reciprocalProducts(cols, true);
            } else {
                cols = reciprocalProducts(rows, false);
            }
            u[step] = rows;
            v[step] = cols;
        }
        this.result = new double[theta.length];
        double[] uLast = u[u.length - 1];
        double[] vLast = v[v.length - 1];
        IntStream.range(0, matrices).parallel().forEach(m -> {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    int p = (m * d + i) * d + j;
                    result[p] = uLast[m * d + i] * e[p] * vLast[m * d + j];
                }
            }
        });
    }

    /** 1/(E·x) per row ({@code rows}) or 1/(Eᵀ·x) per column, for every matrix. */
    private double[] reciprocalProducts(double[] x, boolean rows) {
        double[] out = new double[matrices * d];
        IntStream.range(0, matrices).parallel().forEach(m -> {
            int base = m * d * d;
            int vec = m * d;
            if (rows) {
                for (int i = 0; i < d; i++) {
                    double sum = 0;
                    for (int j = 0, p = base + i * d; j < d; j++, p++) {
                        sum += e[p] * x[vec + j];
                    }
                    out[vec + i] = 1.0 / sum;
                }
            } else {
                double[] sums = new double[d];
                for (int i = 0; i < d; i++) {
                    double xi = x[vec + i];
                    for (int j = 0, p = base + i * d; j < d; j++, p++) {
                        sums[j] += xi * e[p];
                    }
                }
                for (int j = 0; j < d; j++) {
                    out[vec + j] = 1.0 / sums[j];
                }
            }
        });
        return out;
    }

    /** True when every matrix's logits span at most {@link #MAX_SPAN}. */
    static boolean suits(double[] theta, int matrices, int d) {
        for (int m = 0; m < matrices; m++) {
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (int p = m * d * d; p < (m + 1) * d * d; p++) {
                max = Math.max(max, theta[p]);
                min = Math.min(min, theta[p]);
            }
            if (max - min > MAX_SPAN) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double[] result() {
        return result;
    }

    @Override
    public void backward(double[] g) {
        for (int step = u.length - 1; step >= 0; step--) {
            project(g, u[step], v[step], step % 2 == 0);
        }
    }

    /**
     * g ← g − S ⊙ Σ_line g with S = diag(us)·E·diag(vs), along rows ({@code rows}) or columns: the
     * backward pass of one half-step (see {@link SinkhornSteps}), written out for speed.
     */
    private void project(double[] g, double[] us, double[] vs, boolean rows) {
        IntStream.range(0, matrices).parallel().forEach(m -> {
            int base = m * d * d;
            int vec = m * d;
            if (rows) {
                for (int i = 0; i < d; i++) {
                    int row = base + i * d;
                    double sum = 0;
                    for (int j = 0; j < d; j++) {
                        sum += g[row + j];
                    }
                    double scale = us[vec + i] * sum;
                    for (int j = 0; j < d; j++) {
                        g[row + j] -= scale * e[row + j] * vs[vec + j];
                    }
                }
            } else {
                double[] sums = new double[d];
                for (int i = 0; i < d; i++) {
                    for (int j = 0, p = base + i * d; j < d; j++, p++) {
                        sums[j] += g[p];
                    }
                }
                for (int i = 0; i < d; i++) {
                    double ui = us[vec + i];
                    for (int j = 0, p = base + i * d; j < d; j++, p++) {
                        g[p] -= ui * e[p] * vs[vec + j] * sums[j];
                    }
                }
            }
        });
    }
}
