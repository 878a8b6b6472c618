package org.wsnn.core.analysis;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.Checks;

import java.util.Arrays;

/**
 * The paper's score of a learned stack: each learned matrix R_i is fitted as a convex combination of the
 * ground-truth matrices P_k (normally the permutations of the group the data was built with).
 *
 * <p>For every learned R_i (d×d) against a truth stack P ∈ R^{K×d×d}:
 * <pre>
 *   c_i = argmin_{c ≥ 0, Σ_k c_k = 1} ‖R_i − Σ_k c_k P_k‖_F²
 *       = argmin cᵀQc − 2b_iᵀc,     Q_kl = ⟨P_k, P_l⟩_F,  b_ik = ⟨P_k, R_i⟩_F
 *   residual_i         = ‖R_i − Σ_k c_ik P_k‖_F
 *   relativeResidual_i = residual_i / ‖R_i‖_F
 * </pre>
 * The K×K Gram matrix Q is formed once, so one solve costs O(K²) per iteration whatever d is. The solver
 * is accelerated projected gradient with exact projection onto the simplex and a final KKT polish on the
 * support (see {@code SimplexLeastSquares}); it stops when the Frank–Wolfe gap, an upper bound on
 * f(c) − f*, is at most {@code tolerance · max(‖R_i‖_F², max_k ‖P_k‖_F²)} or after {@code maxIterations}
 * iterations ({@link Result#converged()} tells which). When the P_k are linearly dependent (for example
 * interpolated rotations, or repeated elements) the minimiser need not be unique; the returned one is
 * deterministic. Inner products, residuals and the solver run in float64 in plain Java, so results do not
 * depend on the ND4J backend or thread count.
 *
 * <p>Typical use: {@code ConvexFit.Result fit = ConvexFit.fit(learned, Permutations.cyclicShifts(12));}
 * then {@link StackMatch#of(Result)} for a summary; {@link Result#coefficientMatrix()} is the heatmap
 * (rows learned elements, columns true elements).
 */
public final class ConvexFit {

    /** Default relative Frank–Wolfe gap at which the solver stops. */
    public static final double DEFAULT_TOLERANCE = 1e-14;
    /** Default iteration budget per learned element. */
    public static final int DEFAULT_MAX_ITERATIONS = 100_000;

    private static final String OWNER = "ConvexFit";

    private final double tolerance;
    private final int maxIterations;

    /** A fit with {@link #DEFAULT_TOLERANCE} and {@link #DEFAULT_MAX_ITERATIONS}. */
    public ConvexFit() {
        this(DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
    }

    /**
     * A fit with its own stopping rule.
     *
     * @param tolerance     relative Frank–Wolfe gap at which to stop, &gt; 0
     * @param maxIterations iteration budget per learned element, ≥ 1
     */
    public ConvexFit(double tolerance, int maxIterations) {
        this.tolerance = Checks.strictlyPositive(OWNER, "tolerance", tolerance);
        this.maxIterations = Checks.positive(OWNER, "maxIterations", maxIterations);
    }

    /** Fits with the default settings; see {@link #solve(INDArray, INDArray)}. */
    public static Result fit(INDArray learned, INDArray truth) {
        return new ConvexFit().solve(learned, truth);
    }

    /**
     * Fits every learned matrix as a convex combination of the truth stack.
     *
     * @param learned {@code [n, d, d]} (or one {@code [d, d]} matrix), finite
     * @param truth   {@code [K, d, d]} (or one {@code [d, d]} matrix), finite, same d
     * @return coefficients {@code [n][K]} and residuals per learned element
     * @throws IllegalArgumentException for wrong ranks, non-square or mismatched matrices, non-finite entries
     */
    public Result solve(INDArray learned, INDArray truth) {
        double[][][] r = Stacks.toArrays(OWNER, "learned", learned);
        double[][][] p = Stacks.toArrays(OWNER, "truth", truth);
        Checks.equal(OWNER, "matrix size d of learned (truth has d = " + p[0].length + ")", p[0].length, r[0].length);
        int n = r.length;
        int k = p.length;
        double[][] pFlat = flatten(p);
        double[][] rFlat = flatten(r);
        double[][] gram = new double[k][k];
        double maxTruthNorm = 0;
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                gram[a][b] = dot(pFlat[a], pFlat[b]);
                gram[b][a] = gram[a][b];
            }
            maxTruthNorm = Math.max(maxTruthNorm, gram[a][a]);
        }
        double[][] coefficients = new double[n][];
        double[] residuals = new double[n];
        double[] relative = new double[n];
        double[] gaps = new double[n];
        int[] iterations = new int[n];
        boolean[] converged = new boolean[n];
        for (int i = 0; i < n; i++) {
            double[] b = new double[k];
            for (int a = 0; a < k; a++) {
                b[a] = dot(pFlat[a], rFlat[i]);
            }
            double norm2 = dot(rFlat[i], rFlat[i]);
            double scale = Math.max(Math.max(norm2, maxTruthNorm), Double.MIN_NORMAL);
            SimplexLeastSquares.Solution s = SimplexLeastSquares.solve(gram, b, scale, tolerance, maxIterations);
            coefficients[i] = s.coefficients();
            gaps[i] = s.gap() / scale;
            iterations[i] = s.iterations();
            converged[i] = s.converged();
            residuals[i] = residual(rFlat[i], pFlat, s.coefficients());
            double norm = Math.sqrt(norm2);
            relative[i] = norm > 0 ? residuals[i] / norm : (residuals[i] == 0 ? 0 : Double.POSITIVE_INFINITY);
        }
        return new Result(coefficients, residuals, relative, gaps, iterations, converged);
    }

    /** The tolerance this fit stops at. */
    public double tolerance() {
        return tolerance;
    }

    /** The iteration budget per learned element. */
    public int maxIterations() {
        return maxIterations;
    }

    private static double[][] flatten(double[][][] stack) {
        int d = stack[0].length;
        double[][] out = new double[stack.length][d * d];
        for (int e = 0; e < stack.length; e++) {
            for (int i = 0; i < d; i++) {
                System.arraycopy(stack[e][i], 0, out[e], i * d, d);
            }
        }
        return out;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double residual(double[] r, double[][] p, double[] c) {
        double[] diff = r.clone();
        for (int a = 0; a < p.length; a++) {
            if (c[a] != 0) {
                double ca = c[a];
                double[] pa = p[a];
                for (int j = 0; j < diff.length; j++) {
                    diff[j] -= ca * pa[j];
                }
            }
        }
        return Math.sqrt(dot(diff, diff));
    }

    /**
     * Result of a {@link ConvexFit}. Arrays are copied in and out, so a result is immutable.
     *
     * @param coefficients      {@code [n][K]}: row i is c_i, non-negative, summing to 1
     * @param residuals         ‖R_i − Σ_k c_ik P_k‖_F per learned element
     * @param relativeResiduals residual_i / ‖R_i‖_F (0 for R_i = 0 fitted exactly, +∞ for R_i = 0 otherwise)
     * @param gaps              final Frank–Wolfe gap per element, relative to the element's scale
     * @param iterations        projected-gradient iterations used per element
     * @param converged         whether each element reached the tolerance within the budget
     */
    public record Result(double[][] coefficients, double[] residuals, double[] relativeResiduals, double[] gaps,
                         int[] iterations, boolean[] converged) {

        /** Validates the lengths and copies the arrays. */
        public Result {
            int n = Checks.notNull(OWNER, "coefficients", coefficients).length;
            Checks.equal(OWNER, "residuals length", n, Checks.notNull(OWNER, "residuals", residuals).length);
            Checks.equal(OWNER, "relativeResiduals length", n,
                    Checks.notNull(OWNER, "relativeResiduals", relativeResiduals).length);
            Checks.equal(OWNER, "gaps length", n, Checks.notNull(OWNER, "gaps", gaps).length);
            Checks.equal(OWNER, "iterations length", n, Checks.notNull(OWNER, "iterations", iterations).length);
            Checks.equal(OWNER, "converged length", n, Checks.notNull(OWNER, "converged", converged).length);
            if (n == 0) {
                throw new IllegalArgumentException(OWNER + ": coefficients expected at least one row, found 0");
            }
            int k = coefficients[0].length;
            for (int i = 0; i < n; i++) {
                Checks.equal(OWNER, "coefficients row " + i + " length", k, coefficients[i].length);
            }
            coefficients = deepCopy(coefficients);
            residuals = residuals.clone();
            relativeResiduals = relativeResiduals.clone();
            gaps = gaps.clone();
            iterations = iterations.clone();
            converged = converged.clone();
        }

        /** Number n of learned elements. */
        public int elements() {
            return coefficients.length;
        }

        /** Number K of true elements. */
        public int trueElements() {
            return coefficients[0].length;
        }

        /** Coefficient c_ik of true element k in learned element i. */
        public double coefficient(int i, int k) {
            return coefficients[i][k];
        }

        /** A copy of the coefficients {@code [n][K]}. */
        @Override
        public double[][] coefficients() {
            return deepCopy(coefficients);
        }

        /** The coefficients as a float64 {@code [n, K]} array (the heatmap). */
        public INDArray coefficientMatrix() {
            return Nd4j.create(coefficients);
        }

        @Override
        public double[] residuals() {
            return residuals.clone();
        }

        @Override
        public double[] relativeResiduals() {
            return relativeResiduals.clone();
        }

        @Override
        public double[] gaps() {
            return gaps.clone();
        }

        @Override
        public int[] iterations() {
            return iterations.clone();
        }

        @Override
        public boolean[] converged() {
            return converged.clone();
        }

        /** True when every element reached the tolerance. */
        public boolean allConverged() {
            for (boolean c : converged) {
                if (!c) {
                    return false;
                }
            }
            return true;
        }

        /** Largest residual over the learned elements. */
        public double maxResidual() {
            return Arrays.stream(residuals).max().orElse(0);
        }

        /** Value equality over all arrays (records compare arrays by identity otherwise). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && Arrays.deepEquals(coefficients, r.coefficients)
                    && Arrays.equals(residuals, r.residuals) && Arrays.equals(relativeResiduals, r.relativeResiduals)
                    && Arrays.equals(gaps, r.gaps) && Arrays.equals(iterations, r.iterations)
                    && Arrays.equals(converged, r.converged);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(coefficients) * 31 + Arrays.hashCode(residuals);
        }

        @Override
        public String toString() {
            return "ConvexFit.Result[elements=" + elements() + ", trueElements=" + trueElements()
                    + ", maxResidual=" + maxResidual() + ", allConverged=" + allConverged() + "]";
        }

        private static double[][] deepCopy(double[][] a) {
            double[][] out = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i].clone();
            }
            return out;
        }
    }
}
