package org.wsnn.core.sinkhorn;

import java.util.stream.IntStream;

/**
 * Sinkhorn in the log domain with max-shifted log-sum-exps (as {@link Sinkhorn#normalize}), for logits of
 * any spread. Memory is O(K·G·d): every half-step only subtracts a per-line constant, so the iterate before
 * step s is x_s[i, j] = Θ[i, j] − ρ_s[i] − γ_s[j], with ρ_s (γ_s) the sum of the row (column) log-sum-exps
 * of the steps before s. The trace keeps Θ and each step's log-sum-exp vector; the backward pass
 * recomputes the step's softmax exp(x_s − LSE_s) element by element (one {@code exp} per element per step).
 */
final class LogDomainSinkhornSteps implements SinkhornSteps {

    private final int matrices;
    private final int d;
    private final double[] theta;
    /** Log-sum-exp of every step: [2K][matrices·d]; even steps over rows, odd over columns. */
    private final double[][] lse;
    private final double[] result;

    LogDomainSinkhornSteps(double[] theta, int matrices, int d, int iterations) {
        this.matrices = matrices;
        this.d = d;
        this.theta = theta;
        this.lse = new double[2 * iterations][];
        double[] a = theta.clone();
        for (int it = 0; it < iterations; it++) {
            lse[2 * it] = normalise(a, true);
            lse[2 * it + 1] = normalise(a, false);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(a[i]);
        }
        this.result = a;
    }

    /**
     * One log-normalising step in place: every row ({@code rows}) or column of every matrix loses its
     * log-sum-exp, which is returned ([matrices·d]).
     */
    private double[] normalise(double[] a, boolean rows) {
        double[] lse = LineLogSumExp.of(a, d, rows);
        IntStream.range(0, matrices).parallel().forEach(g -> {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    a[(g * d + i) * d + j] -= lse[g * d + (rows ? i : j)];
                }
            }
        });
        return lse;
    }

    @Override
    public double[] result() {
        return result;
    }

    @Override
    public void backward(double[] g) {
        // ρ (rows) and γ (columns): log-sum-exps of all steps, then peeled off one step at a time.
        double[] rowShift = new double[matrices * d];
        double[] colShift = new double[matrices * d];
        for (int step = 0; step < lse.length; step++) {
            add(step % 2 == 0 ? rowShift : colShift, lse[step], 1.0);
        }
        for (int step = lse.length - 1; step >= 0; step--) {
            boolean rows = step % 2 == 0;
            double[] stepLse = lse[step];
            add(rows ? rowShift : colShift, stepLse, -1.0);
            project(g, stepLse, rowShift, colShift, rows);
        }
    }

    /**
     * g ← g − S ⊙ Σ_line g along rows (or columns), with S = exp(Θ − ρ[i] − γ[j] − LSE[line]) the softmax
     * of the step's input, recomputed here.
     */
    private void project(double[] g, double[] stepLse, double[] rowShift, double[] colShift, boolean rows) {
        int lineStride = rows ? d : 1;
        int elementStride = rows ? 1 : d;
        IntStream.range(0, matrices).parallel().forEach(m -> {
            int base = m * d * d;
            int vec = m * d;
            double[] across = rows ? colShift : rowShift;
            for (int l = 0; l < d; l++) {
                int start = base + l * lineStride;
                double sum = 0;
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    sum += g[p];
                }
                double lineShift = stepLse[vec + l] + (rows ? rowShift[vec + l] : colShift[vec + l]);
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    g[p] -= Math.exp(theta[p] - lineShift - across[vec + k]) * sum;
                }
            }
        });
    }

    private static void add(double[] target, double[] values, double sign) {
        for (int i = 0; i < target.length; i++) {
            target[i] += sign * values[i];
        }
    }
}
