package org.wsnn.core.analysis;

import java.util.Arrays;

/**
 * Solver for the simplex-constrained quadratic program behind {@link ConvexFit} (package-private).
 *
 * <pre>
 *   minimise f(c) = cᵀQc − 2bᵀc (+ const)   subject to c ≥ 0, Σ_k c_k = 1,
 * </pre>
 * with Q positive semi-definite (a Gram matrix). Method: accelerated projected gradient (FISTA) with the
 * exact Euclidean projection onto the simplex, step 1/L with L = 2·λ_max(Q) bounded above by
 * min(trace Q, max_k Σ_l |Q_kl|), and O'Donoghue–Candès gradient restart, which keeps the iteration
 * monotone in practice and linearly convergent when f is strongly convex on the simplex. It starts at the
 * barycentre c = 1/K and stops at the first iterate whose Frank–Wolfe gap
 * <pre>
 *   gap(c) = ∇f(c)ᵀc − min_k ∇f(c)_k  ≥  f(c) − f*
 * </pre>
 * is at most {@code tolerance · scale}. The gap certifies the objective's suboptimality whatever the
 * conditioning of Q. Finally the iterate is polished: the KKT system of the equality-constrained problem
 * on the current support, [2Q_SS 1; 1ᵀ 0][c_S; μ] = [2b_S; 1], is solved by Gaussian elimination with
 * partial pivoting and its solution kept if it is non-negative and its gap is not larger. This makes an
 * exactly representable R recover its coefficients to rounding level. No randomness anywhere.
 */
final class SimplexLeastSquares {

    /** Solution of one problem. */
    record Solution(double[] coefficients, double gap, int iterations, boolean converged) {
    }

    private SimplexLeastSquares() {
    }

    /**
     * Solves the program.
     *
     * @param q             K×K positive semi-definite matrix
     * @param b             length-K vector
     * @param scale         positive magnitude of the problem, the gap tolerance is relative to it
     * @param tolerance     relative Frank–Wolfe gap at which to stop
     * @param maxIterations iteration budget
     */
    static Solution solve(double[][] q, double[] b, double scale, double tolerance, int maxIterations) {
        int k = b.length;
        double lipschitz = 2 * lipschitzBound(q);
        double threshold = tolerance * scale;
        double[] c = new double[k];
        Arrays.fill(c, 1.0 / k);
        double[] y = c.clone();
        double[] grad = new double[k];
        double t = 1;
        double gap = gap(q, b, c, grad);
        int it = 0;
        while (gap > threshold && it < maxIterations && lipschitz > 0) {
            it++;
            gradient(q, b, y, grad);
            double[] step = new double[k];
            for (int i = 0; i < k; i++) {
                step[i] = y[i] - grad[i] / lipschitz;
            }
            double[] next = projectOntoSimplex(step);
            // gradient restart: momentum pointing against the descent direction is dropped
            double restart = 0;
            for (int i = 0; i < k; i++) {
                restart += (y[i] - next[i]) * (next[i] - c[i]);
            }
            if (restart > 0) {
                t = 1;
            }
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            double momentum = (t - 1) / tNext;
            for (int i = 0; i < k; i++) {
                y[i] = next[i] + momentum * (next[i] - c[i]);
            }
            c = next;
            t = tNext;
            gap = gap(q, b, c, grad);
        }
        double[] polished = polish(q, b, c);
        if (polished != null) {
            double polishedGap = gap(q, b, polished, grad);
            if (polishedGap <= gap) {
                c = polished;
                gap = polishedGap;
            }
        }
        return new Solution(c, gap, it, gap <= threshold);
    }

    /**
     * Exact Euclidean projection onto the probability simplex {x ≥ 0, Σx = 1} (sort-based: Held, Wolfe
     * and Crowder 1974; Duchi et al. 2008): x = max(v − θ, 0) with θ chosen so that Σx = 1.
     *
     * @param v any finite vector, not modified
     * @return the projection
     */
    static double[] projectOntoSimplex(double[] v) {
        int k = v.length;
        double[] u = v.clone();
        Arrays.sort(u);
        double cumulative = 0;
        double theta = 0;
        for (int j = k - 1; j >= 0; j--) {
            cumulative += u[j];
            int count = k - j;
            double candidate = (cumulative - 1) / count;
            if (u[j] - candidate > 0) {
                theta = candidate;
            } else {
                break;
            }
        }
        double[] x = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            x[i] = Math.max(v[i] - theta, 0);
            sum += x[i];
        }
        // remove the last rounding error so that Σx = 1 as exactly as floating point allows
        if (sum > 0) {
            for (int i = 0; i < k; i++) {
                x[i] /= sum;
            }
        }
        return x;
    }

    /** Upper bound on λ_max of a positive semi-definite matrix: min(trace, largest absolute row sum). */
    static double lipschitzBound(double[][] q) {
        double trace = 0;
        double maxRow = 0;
        for (int i = 0; i < q.length; i++) {
            trace += q[i][i];
            double row = 0;
            for (double v : q[i]) {
                row += Math.abs(v);
            }
            maxRow = Math.max(maxRow, row);
        }
        return Math.min(trace, maxRow);
    }

    /** ∇f(c) = 2(Qc − b), written into {@code out}. */
    private static void gradient(double[][] q, double[] b, double[] c, double[] out) {
        for (int i = 0; i < b.length; i++) {
            double s = 0;
            for (int j = 0; j < b.length; j++) {
                s += q[i][j] * c[j];
            }
            out[i] = 2 * (s - b[i]);
        }
    }

    /** Frank–Wolfe gap at c (uses {@code work} for the gradient). */
    private static double gap(double[][] q, double[] b, double[] c, double[] work) {
        gradient(q, b, c, work);
        double inner = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < c.length; i++) {
            inner += work[i] * c[i];
            min = Math.min(min, work[i]);
        }
        return Math.max(inner - min, 0);
    }

    /** Solution of the KKT system on the support of c, or null if singular or not non-negative. */
    private static double[] polish(double[][] q, double[] b, double[] c) {
        int k = c.length;
        int[] support = new int[k];
        int s = 0;
        for (int i = 0; i < k; i++) {
            if (c[i] > 0) {
                support[s++] = i;
            }
        }
        int n = s + 1;
        double[][] a = new double[n][n + 1];
        double diag = 0;
        for (int r = 0; r < s; r++) {
            for (int col = 0; col < s; col++) {
                a[r][col] = 2 * q[support[r]][support[col]];
            }
            diag = Math.max(diag, Math.abs(a[r][r]));
            a[r][s] = 1;
            a[r][n] = 2 * b[support[r]];
            a[s][r] = 1;
        }
        a[s][n] = 1;
        double[] x = gaussianElimination(a, 1e-12 * Math.max(diag, 1));
        if (x == null) {
            return null;
        }
        double[] out = new double[k];
        for (int r = 0; r < s; r++) {
            if (!(x[r] >= 0)) {
                return null;
            }
            out[support[r]] = x[r];
        }
        return out;
    }

    /** Solves the augmented system [A | rhs] in place; null when a pivot is below {@code minPivot}. */
    private static double[] gaussianElimination(double[][] a, double minPivot) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < minPivot) {
                return null;
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                if (f != 0) {
                    for (int j = col; j <= n; j++) {
                        a[r][j] -= f * a[col][j];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double v = a[r][n];
            for (int j = r + 1; j < n; j++) {
                v -= a[r][j] * x[j];
            }
            x[r] = v / a[r][r];
        }
        return x;
    }
}
