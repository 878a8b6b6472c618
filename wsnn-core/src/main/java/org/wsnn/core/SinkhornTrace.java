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
 * <p>Computed in float64 on Java arrays: the softmax of every step falls out of its max-shifted
 * log-sum-exp and is stored for the backward pass, so each element costs one {@code exp} per step. For the
 * small stacks involved (G' × d × d with d ≤ a few hundred) this is several times faster than issuing the
 * same work as hundreds of small ND4J ops. The matrices of a stack are processed in parallel.
 */
public final class SinkhornTrace {

    private final long[] shape;
    private final DataType type;
    private final int matrices;
    private final int d;
    /** softmax of every step: [2·iterations][matrices·d·d]; even steps over rows, odd over columns. */
    private final double[][] softmax;
    private final double[] result;

    private SinkhornTrace(long[] shape, DataType type, int matrices, int d, double[][] softmax, double[] result) {
        this.shape = shape;
        this.type = type;
        this.matrices = matrices;
        this.d = d;
        this.softmax = softmax;
        this.result = result;
    }

    /**
     * Runs {@code iterations} row-then-column passes, keeping the trace.
     *
     * @param logits     {@code [d, d]} or {@code [G, d, d]}, not modified
     * @param iterations at least 1
     */
    public static SinkhornTrace forward(INDArray logits, int iterations) {
        Sinkhorn.checkLogits(logits, "logits");
        Checks.positive("Sinkhorn", "iterations", iterations);
        int d = (int) logits.size(logits.rank() - 1);
        int matrices = (int) (logits.length() / ((long) d * d));
        double[] a = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] softmax = new double[2 * iterations][];
        for (int it = 0; it < iterations; it++) {
            softmax[2 * it] = normalise(a, matrices, d, d, 1);
            softmax[2 * it + 1] = normalise(a, matrices, d, 1, d);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(a[i]);
        }
        return new SinkhornTrace(logits.shape(), logits.dataType(), matrices, d, softmax, a);
    }

    /**
     * One log-normalising step in place over lines of length d: element k of line l of matrix g is at
     * g·d² + l·lineStride + k·elementStride. Returns the softmax of the step's input along the lines.
     */
    private static double[] normalise(double[] a, int matrices, int d, int lineStride, int elementStride) {
        double[] soft = new double[a.length];
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
                    double e = Math.exp(a[p] - max);
                    soft[p] = e;
                    sum += e;
                }
                double lse = max + Math.log(sum);
                double inv = 1.0 / sum;
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    a[p] -= lse;
                    soft[p] *= inv;
                }
            }
        });
        return soft;
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
        for (int step = softmax.length - 1; step >= 0; step--) {
            boolean rows = step % 2 == 0;
            subtractProjection(g, softmax[step], rows ? d : 1, rows ? 1 : d);
        }
        return Nd4j.createFromArray(g).reshape(shape).castTo(type);
    }

    /** g ← g − S ⊙ Σ_line g, along lines of length d. */
    private void subtractProjection(double[] g, double[] s, int lineStride, int elementStride) {
        IntStream.range(0, matrices).parallel().forEach(m -> {
            int base = m * d * d;
            for (int l = 0; l < d; l++) {
                int start = base + l * lineStride;
                double sum = 0;
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    sum += g[p];
                }
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    g[p] -= s[p] * sum;
                }
            }
        });
    }
}
