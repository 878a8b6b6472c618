package org.wsnn.core.analysis;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.Checks;

/**
 * How far a stack of matrices R ∈ R^{G×d×d} is from being doubly stochastic.
 *
 * <p>With row sums r_{gi} = Σ_j R_{gij} and column sums c_{gj} = Σ_i R_{gij}:
 * <pre>
 *   maxRowError     = max_{g,i} |r_{gi} − 1|       meanRowError    = mean_{g,i} |r_{gi} − 1|
 *   maxColumnError  = max_{g,j} |c_{gj} − 1|       meanColumnError = mean_{g,j} |c_{gj} − 1|
 *   minEntry        = min_{g,i,j} R_{gij}
 * </pre>
 * A stack is doubly stochastic within a tolerance τ when {@link #maxError()} ≤ τ and minEntry ≥ −τ
 * ({@link #isDoublyStochastic(double)}). Sinkhorn outputs have column errors at rounding level and row
 * errors that shrink with the number of iterations. Sums are accumulated in float64.
 *
 * @param maxRowError     largest absolute deviation of a row sum from 1
 * @param meanRowError    mean absolute deviation of the row sums from 1
 * @param maxColumnError  largest absolute deviation of a column sum from 1
 * @param meanColumnError mean absolute deviation of the column sums from 1
 * @param minEntry        smallest entry of the stack (should be ≥ 0)
 */
public record DoublyStochasticError(double maxRowError, double meanRowError, double maxColumnError,
                                    double meanColumnError, double minEntry) {

    private static final String OWNER = "DoublyStochasticError";

    /**
     * Measures a stack.
     *
     * @param stack {@code [G, d, d]} or a single {@code [d, d]} matrix, finite, any floating-point type
     * @return the row, column and sign errors
     * @throws IllegalArgumentException for a wrong rank, non-square matrices or non-finite entries
     */
    public static DoublyStochasticError of(INDArray stack) {
        double[][][] m = Stacks.toArrays(OWNER, "stack", stack);
        int d = m[0].length;
        double maxRow = 0;
        double sumRow = 0;
        double maxCol = 0;
        double sumCol = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double[][] r : m) {
            double[] colSums = new double[d];
            for (int i = 0; i < d; i++) {
                double rowSum = 0;
                for (int j = 0; j < d; j++) {
                    double v = r[i][j];
                    rowSum += v;
                    colSums[j] += v;
                    min = Math.min(min, v);
                }
                double e = Math.abs(rowSum - 1);
                maxRow = Math.max(maxRow, e);
                sumRow += e;
            }
            for (int j = 0; j < d; j++) {
                double e = Math.abs(colSums[j] - 1);
                maxCol = Math.max(maxCol, e);
                sumCol += e;
            }
        }
        double count = (double) m.length * d;
        return new DoublyStochasticError(maxRow, sumRow / count, maxCol, sumCol / count, min);
    }

    /** The larger of {@link #maxRowError()} and {@link #maxColumnError()}. */
    public double maxError() {
        return Math.max(maxRowError, maxColumnError);
    }

    /** True when no entry is negative (minEntry ≥ 0). */
    public boolean isNonNegative() {
        return minEntry >= 0;
    }

    /**
     * True when every row and column sum is within {@code tolerance} of 1 and no entry is below
     * {@code −tolerance}.
     *
     * @param tolerance τ ≥ 0
     */
    public boolean isDoublyStochastic(double tolerance) {
        Checks.nonNegative(OWNER, "tolerance", tolerance);
        return maxError() <= tolerance && minEntry >= -tolerance;
    }
}
