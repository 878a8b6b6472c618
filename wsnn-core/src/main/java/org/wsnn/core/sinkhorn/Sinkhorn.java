package org.wsnn.core.sinkhorn;

import org.wsnn.core.Checks;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Log-domain Sinkhorn normalisation: turns a stack of real matrices (logits) into doubly stochastic
 * matrices ("soft permutations").
 *
 * <p>For logits Θ of shape {@code [d, d]} or {@code [G, d, d]} one iteration is a row pass followed by a
 * column pass, both over the last two axes:
 * <pre>
 *   Θ ← Θ − LSE_row(Θ)     LSE_row(Θ)_{gi} = log Σ_j exp Θ_{gij}
 *   Θ ← Θ − LSE_col(Θ)     LSE_col(Θ)_{gj} = log Σ_i exp Θ_{gij}
 * </pre>
 * After exactly {@code iterations} passes the result is exp(Θ): its columns sum to 1 exactly and its rows
 * approximately. Every log-sum-exp is max-shifted, LSE(x) = m + log Σ exp(x − m) with m = max x, so the
 * result is finite for logits of any magnitude (±1e4 included).
 *
 * <p>Two forms are provided: {@link #normalize(INDArray, int)} computes eagerly on ND4J arrays, and
 * {@link #normalize(SameDiff, SDVariable, int)} builds the same computation as differentiable SameDiff ops
 * (used inside the weight-sharing layers). The log-sum-exp is written from max/exp/sum/log because
 * SameDiff's own {@code logSumExp} fails in backprop in DL4J 1.0.0-M2.1.
 */
public final class Sinkhorn {

    private Sinkhorn() {
    }

    /**
     * Doubly stochastic matrices from logits.
     *
     * @param logits     rank 2 {@code [d, d]} or rank 3 {@code [G, d, d]} array, not modified
     * @param iterations number of row-then-column passes, at least 1
     * @return exp of the normalised logits, same shape and data type as {@code logits}
     * @throws IllegalArgumentException for a wrong rank, non-square matrices, iterations &lt; 1 or non-finite (NaN, ±Infinity) logits
     */
    public static INDArray normalize(INDArray logits, int iterations) {
        return Transforms.exp(logNormalize(logits, iterations), false);
    }

    /**
     * The normalised logits log(Sinkhorn(Θ)) (before the final exp).
     *
     * @see #normalize(INDArray, int)
     */
    public static INDArray logNormalize(INDArray logits, int iterations) {
        checkLogits(logits, "logits");
        Checks.positive("Sinkhorn", "iterations", iterations);
        int rowAxis = logits.rank() - 1;
        int colAxis = logits.rank() - 2;
        INDArray a = logits.dup();
        for (int it = 0; it < iterations; it++) {
            a.subi(logSumExp(a, rowAxis));
            a.subi(logSumExp(a, colAxis));
        }
        return a;
    }

    /**
     * How far a Sinkhorn output is from doubly stochastic: max over the stack of |row sum − 1| and
     * |column sum − 1|. After the final column pass the column sums are 1 to rounding, so this is the row
     * residual. It falls geometrically with the iterations, but the rate depends on the logits: in Hilbert's
     * projective metric one iteration contracts by at least tanh(Δ/4)² (Franklin and Lorenz 1989), where
     * the projective diameter Δ ≤ 2s for logits of spread s = max − min within a matrix. A bound near 1 for
     * large s: logits spanning ±1e4 can leave rows summing to 2 after the 20 iterations a layer uses
     * (measured in docs/reliability.md). Report it wherever a learned stack is shown ({@code wsnn inspect},
     * {@code wsnn learn-symmetry}); {@link #converge} finds how many iterations a stack needs.
     *
     * @param stack a Sinkhorn output {@code [d, d]} or {@code [G, d, d]}
     * @return the largest deviation of a row or column sum from 1, in float64
     */
    public static double residual(INDArray stack) {
        checkShape(stack, "stack");
        INDArray m = stack.castTo(DataType.DOUBLE);
        if (m.rank() == 2) {
            m = m.reshape(1, m.size(0), m.size(1));
        }
        double rows = m.sum(2).subi(1).amaxNumber().doubleValue();
        double cols = m.sum(1).subi(1).amaxNumber().doubleValue();
        return Math.max(rows, cols);
    }

    /**
     * Iterates Sinkhorn until the {@link #residual} is at most {@code tolerance} or {@code maxIterations}
     * is reached: for inspection only (a training graph keeps its fixed iteration count, so that what is
     * inspected with more iterations is said to differ from what the layer computes).
     *
     * @param logits        as for {@link #normalize(INDArray, int)}
     * @param tolerance     target residual, &gt; 0
     * @param maxIterations upper bound on the iterations, ≥ 1
     * @return the iterations needed (or {@code maxIterations}) and the residual reached
     */
    public static Convergence converge(INDArray logits, double tolerance, int maxIterations) {
        checkLogits(logits, "logits");
        Checks.strictlyPositive("Sinkhorn", "tolerance", tolerance);
        Checks.positive("Sinkhorn", "maxIterations", maxIterations);
        int rowAxis = logits.rank() - 1;
        int colAxis = logits.rank() - 2;
        INDArray a = logits.castTo(DataType.DOUBLE).dup();
        double r = Double.POSITIVE_INFINITY;
        int it = 0;
        while (it < maxIterations && !(r <= tolerance)) {
            a.subi(logSumExp(a, rowAxis));
            a.subi(logSumExp(a, colAxis));
            it++;
            r = residual(Transforms.exp(a, true));
        }
        return new Convergence(it, r);
    }

    /**
     * The outcome of {@link #converge}.
     *
     * @param iterations iterations run
     * @param residual   the residual after them
     */
    public record Convergence(int iterations, double residual) {
    }

    /**
     * Max-shifted log-sum-exp over one axis, keeping the axis (size 1) so the result broadcasts back.
     *
     * @param x    input array, not modified
     * @param axis axis to reduce
     * @return LSE over {@code axis} with that axis kept as size 1
     */
    public static INDArray logSumExp(INDArray x, int axis) {
        INDArray max = x.max(true, axis);
        INDArray shifted = x.sub(max);
        return Transforms.log(Transforms.exp(shifted, false).sum(true, axis), false).addi(max);
    }

    /**
     * Differentiable SameDiff form of {@link #normalize(INDArray, int)}.
     *
     * @param sd         graph to add the ops to
     * @param logits     variable of rank 2 or 3
     * @param iterations number of row-then-column passes, at least 1
     * @return exp of the normalised logits
     */
    public static SDVariable normalize(SameDiff sd, SDVariable logits, int iterations) {
        Checks.positive("Sinkhorn", "iterations", iterations);
        int rank = logits.getShape() == null ? 3 : logits.getShape().length;
        int rowAxis = rank - 1;
        int colAxis = rank - 2;
        SDVariable a = logits;
        for (int it = 0; it < iterations; it++) {
            a = a.sub(logSumExp(sd, a, rowAxis));
            a = a.sub(logSumExp(sd, a, colAxis));
        }
        return sd.math().exp(a);
    }

    /**
     * Max-shifted log-sum-exp over one axis of a SameDiff variable, axis kept. The shift m cancels in
     * the derivative (∂/∂m [m + log Σ exp(x − m)] = 0), so its own gradient path contributes nothing.
     */
    public static SDVariable logSumExp(SameDiff sd, SDVariable x, int axis) {
        SDVariable max = x.max(true, axis);
        SDVariable sum = sd.math().exp(x.sub(max)).sum(true, axis);
        return sd.math().log(sum).add(max);
    }

    /** Validates the shape of a logits stack: not null, rank 2 or 3, square last two axes. */
    static void checkShape(INDArray logits, String name) {
        if (logits == null) {
            throw new IllegalArgumentException("Sinkhorn: " + name + " must not be null");
        }
        if (logits.isEmpty() || logits.length() == 0) {
            throw new IllegalArgumentException("Sinkhorn: " + name + " is empty (shape "
                    + java.util.Arrays.toString(logits.shape()) + "); expected [d, d] or [G, d, d] with d >= 1");
        }
        if (!logits.dataType().isFPType()) {
            throw new IllegalArgumentException("Sinkhorn: " + name + " has data type " + logits.dataType()
                    + "; expected floating-point logits (FLOAT, DOUBLE, HALF): cast them first, e.g. castTo(DataType.FLOAT)");
        }
        if (logits.rank() != 2 && logits.rank() != 3) {
            throw new IllegalArgumentException("Sinkhorn: " + name + " must have rank 2 [d, d] or 3 [G, d, d], found rank "
                    + logits.rank() + " with shape " + java.util.Arrays.toString(logits.shape()));
        }
        long rows = logits.size(logits.rank() - 2);
        long cols = logits.size(logits.rank() - 1);
        if (rows != cols) {
            throw new IllegalArgumentException("Sinkhorn: " + name + " must hold square matrices, found "
                    + rows + "x" + cols + " (shape " + java.util.Arrays.toString(logits.shape()) + ")");
        }
    }

    /** Validates a logits stack: rank 2 or 3, square last two axes, finite (no NaN, no ±Infinity). */
    static void checkLogits(INDArray logits, String name) {
        finiteCopy(logits, name);
    }

    /**
     * The logits as a row-major float64 Java array, after the checks of {@link #checkLogits}.
     *
     * @throws IllegalArgumentException for a bad shape, NaN or ±Infinity
     */
    public static double[] finiteCopy(INDArray logits, String name) {
        checkShape(logits, name);
        double[] values = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        requireFinite(values, logits.shape(), name);
        return values;
    }

    /**
     * Rejects NaN and ±Infinity among logits already copied to a Java array: ±Infinity would turn into NaN
     * silently (∞ − ∞ in the log-sum-exp).
     */
    static void requireFinite(double[] values, long[] shape, String name) {
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("Sinkhorn: " + name + " contain NaN (shape "
                        + java.util.Arrays.toString(shape) + "); expected finite logits");
            }
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("Sinkhorn: " + name + " contain Infinity (shape "
                        + java.util.Arrays.toString(shape) + "); expected finite logits");
            }
        }
    }
}
