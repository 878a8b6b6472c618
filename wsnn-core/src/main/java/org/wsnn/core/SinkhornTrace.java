package org.wsnn.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.IntStream;

/**
 * One Sinkhorn forward pass that remembers what its backward pass needs. For a log-normalising step
 * y = x − LSE_axis(x) the backward pass is
 * <pre>
 *   ∂L/∂x = ∂L/∂y − softmax_axis(x) · Σ_axis ∂L/∂y
 * </pre>
 * and for the final R = exp(Θ_K), ∂L/∂Θ_K = ∂L/∂R ⊙ R; {@link #backward(INDArray)} chains these (the exact
 * vector–Jacobian product of R = Sinkhorn(Θ)). Used to train representation logits outside a SameDiff
 * graph and for the entropy penalty's gradient.
 *
 * <p>Memory is O(K·G·d), not O(K·G·d²): every step only subtracts a per-line constant, so the iterate
 * before step s is x_s[i, j] = Θ[i, j] − ρ_s[i] − γ_s[j], with ρ_s (γ_s) the sum of the row (column)
 * log-sum-exps of the steps before s. The trace keeps Θ and each step's log-sum-exp vector, and the
 * backward pass recomputes softmax_s = exp(x_s − LSE_s) line by line (one {@code exp} per element per
 * step, as in the forward pass). Storing the 2K softmax arrays instead needed 2K·G·d² doubles — 768 MB
 * per layer for G = 16, k = 5.
 *
 * <p>Computed in float64 on Java arrays; the matrices of a stack are processed in parallel. For the small
 * stacks involved this is several times faster than issuing the same work as hundreds of small ND4J ops.
 */
public final class SinkhornTrace {

    private final long[] shape;
    private final DataType type;
    private final int matrices;
    private final int d;
    /** The logits Θ, [matrices·d·d] row-major. */
    private final double[] logits;
    /** Log-sum-exp of every step: [2·iterations][matrices·d]; even steps over rows, odd over columns. */
    private final double[][] lse;
    private final double[] result;

    private SinkhornTrace(long[] shape, DataType type, int matrices, int d, double[] logits, double[][] lse,
                          double[] result) {
        this.shape = shape;
        this.type = type;
        this.matrices = matrices;
        this.d = d;
        this.logits = logits;
        this.lse = lse;
        this.result = result;
    }

    /**
     * Runs {@code iterations} row-then-column passes, keeping the trace.
     *
     * @param logits     {@code [d, d]} or {@code [G, d, d]}, not modified
     * @param iterations at least 1
     * @throws IllegalArgumentException for a bad shape, NaN or ±Infinity logits, or iterations &lt; 1
     */
    public static SinkhornTrace forward(INDArray logits, int iterations) {
        Sinkhorn.checkShape(logits, "logits");
        Checks.positive("Sinkhorn", "iterations", iterations);
        int d = (int) logits.size(logits.rank() - 1);
        int matrices = (int) (logits.length() / ((long) d * d));
        double[] theta = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        Sinkhorn.requireFinite(theta, logits.shape(), "logits");
        double[] a = theta.clone();
        double[][] lse = new double[2 * iterations][];
        for (int it = 0; it < iterations; it++) {
            lse[2 * it] = normalise(a, matrices, d, d, 1);
            lse[2 * it + 1] = normalise(a, matrices, d, 1, d);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(a[i]);
        }
        return new SinkhornTrace(logits.shape(), logits.dataType(), matrices, d, theta, lse, a);
    }

    /**
     * One log-normalising step in place over lines of length d: element k of line l of matrix g is at
     * g·d² + l·lineStride + k·elementStride. Returns the step's log-sum-exp per line, [matrices·d].
     */
    private static double[] normalise(double[] a, int matrices, int d, int lineStride, int elementStride) {
        double[] lse = new double[matrices * d];
        IntStream.range(0, matrices).parallel().forEach(g -> {
            int base = g * d * d;
            for (int l = 0; l < d; l++) {
                int start = base + l * lineStride;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    max = Math.max(max, a[p]);
                }
                double sum = 0;
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    sum += Math.exp(a[p] - max);
                }
                double value = max + Math.log(sum);
                lse[g * d + l] = value;
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    a[p] -= value;
                }
            }
        });
        return lse;
    }

    /** The doubly stochastic result R (same as {@link Sinkhorn#normalize}), in the logits' data type. */
    public INDArray output() {
        return Nd4j.createFromArray(result).reshape(shape).castTo(type);
    }

    /**
     * ∂L/∂Θ from ∂L/∂R.
     *
     * @param gradOutput ∂L/∂R, same shape as the output; not modified
     * @return ∂L/∂Θ, same shape and data type as the logits
     */
    public INDArray backward(INDArray gradOutput) {
        double[] g = gradOutput.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        if (g.length != result.length) {
            throw new IllegalArgumentException("Sinkhorn backward: gradient length expected " + result.length
                    + ", found " + g.length);
        }
        for (int i = 0; i < g.length; i++) {
            g[i] *= result[i];
        }
        // ρ (rows) and γ (columns): log-sum-exps of all steps, then peeled off one step at a time.
        double[] rowShift = new double[matrices * d];
        double[] colShift = new double[matrices * d];
        for (int step = 0; step < lse.length; step++) {
            add(step % 2 == 0 ? rowShift : colShift, lse[step], 1.0);
        }
        for (int step = lse.length - 1; step >= 0; step--) {
            boolean rows = step % 2 == 0;
            add(rows ? rowShift : colShift, lse[step], -1.0);
            subtractProjection(g, lse[step], rowShift, colShift, rows);
        }
        return Nd4j.createFromArray(g).reshape(shape).castTo(type);
    }

    private static void add(double[] target, double[] values, double sign) {
        for (int i = 0; i < target.length; i++) {
            target[i] += sign * values[i];
        }
    }

    /**
     * g ← g − S ⊙ Σ_line g along rows (or columns), with S = exp(Θ − ρ[i] − γ[j] − LSE[line]) the softmax
     * of the step's input, recomputed here.
     */
    private void subtractProjection(double[] g, double[] stepLse, double[] rowShift, double[] colShift, boolean rows) {
        int lineStride = rows ? d : 1;
        int elementStride = rows ? 1 : d;
        IntStream.range(0, matrices).parallel().forEach(m -> {
            int base = m * d * d;
            int shifts = m * d;
            for (int l = 0; l < d; l++) {
                int start = base + l * lineStride;
                double sum = 0;
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    sum += g[p];
                }
                double lineShift = stepLse[shifts + l] + (rows ? rowShift[shifts + l] : colShift[shifts + l]);
                double[] across = rows ? colShift : rowShift;
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    g[p] -= Math.exp(logits[p] - lineShift - across[shifts + k]) * sum;
                }
            }
        });
    }
}
