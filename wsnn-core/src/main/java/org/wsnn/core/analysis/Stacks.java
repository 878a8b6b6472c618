package org.wsnn.core.analysis;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.Checks;

import java.util.Arrays;

/** Validation and float64 views of matrix stacks, shared by the analysis classes (package-private). */
final class Stacks {

    private Stacks() {
    }

    /**
     * Validates a stack of square matrices (rank 2 or 3, square, floating point, finite) and returns a
     * contiguous float64 copy {@code [G, d, d]}. A rank-2 {@code [d, d]} input is read as a stack of one.
     */
    static INDArray asDoubleStack(String owner, String field, INDArray stack) {
        Checks.notNull(owner, field, stack);
        if (stack.rank() != 2 && stack.rank() != 3) {
            throw new IllegalArgumentException(owner + ": " + field + " expected rank 2 [d, d] or 3 [G, d, d], found rank "
                    + stack.rank() + " with shape " + Arrays.toString(stack.shape()));
        }
        INDArray s = stack.rank() == 2 ? stack.reshape(1, stack.size(0), stack.size(1)) : stack;
        if (s.size(1) != s.size(2)) {
            throw new IllegalArgumentException(owner + ": " + field + " expected square matrices, found "
                    + s.size(1) + "x" + s.size(2) + " (shape " + Arrays.toString(stack.shape()) + ")");
        }
        if (s.size(0) < 1 || s.size(1) < 1) {
            throw new IllegalArgumentException(owner + ": " + field + " expected a non-empty stack, found shape "
                    + Arrays.toString(stack.shape()));
        }
        if (!s.dataType().isFPType()) {
            throw new IllegalArgumentException(owner + ": " + field + " expected a floating-point array, found "
                    + s.dataType());
        }
        INDArray d = s.castTo(DataType.DOUBLE).dup('c');
        double[] values = d.data().asDouble();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(owner + ": " + field + " expected finite entries, found "
                        + values[i] + " at flat index " + i + " (shape " + Arrays.toString(stack.shape()) + ")");
            }
        }
        return d;
    }

    /** The stack as Java arrays {@code [G][d][d]}, after {@link #asDoubleStack}. */
    static double[][][] toArrays(String owner, String field, INDArray stack) {
        INDArray s = asDoubleStack(owner, field, stack);
        int g = (int) s.size(0);
        int d = (int) s.size(1);
        double[] flat = s.data().asDouble();
        double[][][] out = new double[g][d][d];
        for (int e = 0; e < g; e++) {
            for (int i = 0; i < d; i++) {
                System.arraycopy(flat, (e * d + i) * d, out[e][i], 0, d);
            }
        }
        return out;
    }
}
