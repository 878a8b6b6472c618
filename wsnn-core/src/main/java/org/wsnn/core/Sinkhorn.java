package org.wsnn.core;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
    static double[] finiteCopy(INDArray logits, String name) {
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
