package org.wsnn.core.sinkhorn;

import org.wsnn.core.Checks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
 * <p>Computed in float64 on Java arrays, matrices in parallel, as matrix scaling
 * ({@link ScaledSinkhornSteps}: one {@code exp} per element in all) when the logits allow it, else in the
 * log domain ({@link LogDomainSinkhornSteps}: one {@code exp} per element per step). Either way the trace
 * holds O(K·G·d) numbers besides Θ, never the 2K softmax matrices (768 MB per layer for G = 16, k = 5).
 */
public final class SinkhornTrace {

    private final long[] shape;
    private final DataType type;
    private final SinkhornSteps steps;

    private SinkhornTrace(long[] shape, DataType type, SinkhornSteps steps) {
        this.shape = shape;
        this.type = type;
        this.steps = steps;
    }

    /**
     * Runs {@code iterations} row-then-column passes, keeping the trace.
     *
     * @param logits     {@code [d, d]} or {@code [G, d, d]}, not modified
     * @param iterations at least 1
     * @throws IllegalArgumentException for a bad shape, NaN or ±Infinity logits, or iterations &lt; 1
     */
    public static SinkhornTrace forward(INDArray logits, int iterations) {
        return forward(logits, iterations, false);
    }

    /** As {@link #forward(INDArray, int)}; {@code logDomain} forces the log-domain implementation (tests). */
    static SinkhornTrace forward(INDArray logits, int iterations, boolean logDomain) {
        double[] theta = Sinkhorn.finiteCopy(logits, "logits");
        Checks.positive("Sinkhorn", "iterations", iterations);
        int d = (int) logits.size(logits.rank() - 1);
        int matrices = (int) (logits.length() / ((long) d * d));
        SinkhornSteps steps = !logDomain && ScaledSinkhornSteps.suits(theta, matrices, d)
                ? new ScaledSinkhornSteps(theta, matrices, d, iterations)
                : new LogDomainSinkhornSteps(theta, matrices, d, iterations);
        return new SinkhornTrace(logits.shape(), logits.dataType(), steps);
    }

    /** The doubly stochastic result R (same as {@link Sinkhorn#normalize}), in the logits' data type. */
    public INDArray output() {
        return Nd4j.createFromArray(steps.result()).reshape(shape).castTo(type);
    }

    /**
     * ∂L/∂Θ from ∂L/∂R.
     *
     * @param gradOutput ∂L/∂R, same shape as the output; not modified
     * @return ∂L/∂Θ, same shape and data type as the logits
     */
    public INDArray backward(INDArray gradOutput) {
        double[] g = gradOutput.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] result = steps.result();
        if (g.length != result.length) {
            throw new IllegalArgumentException("Sinkhorn backward: gradient length expected " + result.length
                    + ", found " + g.length);
        }
        for (int i = 0; i < g.length; i++) {
            g[i] *= result[i];
        }
        steps.backward(g);
        return Nd4j.createFromArray(g).reshape(shape).castTo(type);
    }
}
