package org.wsnn.core.analysis;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.Checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hard permutation nearest to a (soft) matrix R ∈ R^{d×d}: the linear assignment
 * <pre>
 *   σ* = argmax_σ Σ_i R_{i σ(i)} = argmax_P trace(Pᵀ R),      P_{i σ(i)} = 1,
 * </pre>
 * which is also argmin_P ‖R − P‖_F, because ‖R − P‖_F² = ‖R‖_F² + d − 2·trace(PᵀR) for every permutation
 * matrix P. Solved exactly by the Hungarian algorithm (Kuhn–Munkres with potentials, the O(d³) shortest
 * augmenting path form), on the cost −R, in float64. Ties are broken deterministically (lowest column
 * index first) but which optimal permutation is returned on a tie is otherwise unspecified.
 *
 * @param permutation σ: row i of P has its 1 in column {@code permutation[i]}, so (Px)_i = x_{σ(i)}
 * @param score       Σ_i R_{i σ(i)} = trace(PᵀR), the maximum over all permutations
 */
public record NearestPermutation(int[] permutation, double score) {

    private static final String OWNER = "NearestPermutation";

    /** Validates that {@code permutation} is a permutation of 0..d−1 and copies it. */
    public NearestPermutation {
        Checks.notNull(OWNER, "permutation", permutation);
        boolean[] seen = new boolean[permutation.length];
        for (int i = 0; i < permutation.length; i++) {
            int j = permutation[i];
            if (j < 0 || j >= permutation.length || seen[j]) {
                throw new IllegalArgumentException(OWNER + ": permutation expected each of 0.." + (permutation.length - 1)
                        + " exactly once, found " + Arrays.toString(permutation));
            }
            seen[j] = true;
        }
        permutation = permutation.clone();
    }

    /**
     * Nearest permutation of one matrix.
     *
     * @param matrix {@code [d, d]} finite (a {@code [1, d, d]} stack is accepted too)
     */
    public static NearestPermutation of(INDArray matrix) {
        double[][][] m = Stacks.toArrays(OWNER, "matrix", matrix);
        if (m.length != 1) {
            throw new IllegalArgumentException(OWNER + ": matrix expected one [d, d] matrix, found a stack of "
                    + m.length + " (use ofStack)");
        }
        return of(m[0]);
    }

    /**
     * Nearest permutation of a matrix given as Java arrays.
     *
     * @param weights d×d, finite, not modified
     */
    public static NearestPermutation of(double[][] weights) {
        Checks.notNull(OWNER, "weights", weights);
        int d = weights.length;
        if (d == 0) {
            throw new IllegalArgumentException(OWNER + ": weights expected a non-empty square matrix, found 0 rows");
        }
        for (int i = 0; i < d; i++) {
            Checks.notNull(OWNER, "weights row " + i, weights[i]);
            Checks.equal(OWNER, "weights row " + i + " length", d, weights[i].length);
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(weights[i][j])) {
                    throw new IllegalArgumentException(OWNER + ": weights expected finite entries, found "
                            + weights[i][j] + " at (" + i + ", " + j + ")");
                }
            }
        }
        int[] sigma = maximumAssignment(weights);
        double score = 0;
        for (int i = 0; i < d; i++) {
            score += weights[i][sigma[i]];
        }
        return new NearestPermutation(sigma, score);
    }

    /** Nearest permutation of every matrix of a stack {@code [G, d, d]}. */
    public static List<NearestPermutation> ofStack(INDArray stack) {
        double[][][] m = Stacks.toArrays(OWNER, "stack", stack);
        List<NearestPermutation> out = new ArrayList<>(m.length);
        for (double[][] r : m) {
            out.add(of(r));
        }
        return out;
    }

    /**
     * The nearest permutation matrix of every element, in the input's shape ({@code [G, d, d]} or
     * {@code [d, d]}) and floating-point data type: the "hardened" stack.
     */
    public static INDArray harden(INDArray stack) {
        List<NearestPermutation> list = ofStack(stack);
        int d = list.get(0).size();
        INDArray out = Nd4j.zeros(stack.dataType(), list.size(), d, d);
        for (int g = 0; g < list.size(); g++) {
            int[] sigma = list.get(g).permutation;
            for (int i = 0; i < d; i++) {
                out.putScalar(new long[]{g, i, sigma[i]}, 1.0);
            }
        }
        return stack.rank() == 2 ? out.reshape(d, d) : out;
    }

    /** Size d. */
    public int size() {
        return permutation.length;
    }

    @Override
    public int[] permutation() {
        return permutation.clone();
    }

    /** The permutation matrix P (float64, {@code [d, d]}) with P_{i σ(i)} = 1. */
    public INDArray matrix() {
        return matrix(DataType.DOUBLE);
    }

    /** The permutation matrix P in the given floating-point type. */
    public INDArray matrix(DataType dataType) {
        int d = permutation.length;
        INDArray p = Nd4j.zeros(dataType, d, d);
        for (int i = 0; i < d; i++) {
            p.putScalar(i, permutation[i], 1.0);
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NearestPermutation n && Arrays.equals(permutation, n.permutation)
                && Double.compare(score, n.score) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(permutation) + Double.hashCode(score);
    }

    @Override
    public String toString() {
        return "NearestPermutation[permutation=" + Arrays.toString(permutation) + ", score=" + score + "]";
    }

    /**
     * Hungarian algorithm (shortest augmenting paths with row/column potentials u, v; reduced costs
     * cost_ij − u_i − v_j ≥ 0 stay non-negative), minimising Σ cost_{iσ(i)} with cost = −weights.
     * Rows are added one at a time, each costing O(d²): O(d³) in total.
     */
    static int[] maximumAssignment(double[][] weights) {
        int n = weights.length;
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] rowOfColumn = new int[n + 1]; // 1-based row matched to column j, 0 = free
        int[] way = new int[n + 1];
        double[] minv = new double[n + 1];
        boolean[] used = new boolean[n + 1];
        for (int i = 1; i <= n; i++) {
            rowOfColumn[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = rowOfColumn[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                double[] row = weights[i0 - 1];
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = -row[j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                if (j1 < 0) {
                    throw new IllegalStateException(OWNER + ": no augmenting column found (non-finite costs?)");
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (rowOfColumn[j0] != 0);
            do {
                int j1 = way[j0];
                rowOfColumn[j0] = rowOfColumn[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] sigma = new int[n];
        for (int j = 1; j <= n; j++) {
            sigma[rowOfColumn[j] - 1] = j - 1;
        }
        return sigma;
    }
}
