package org.wsnn.core.analysis;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.Checks;

import java.util.Arrays;
import java.util.Objects;

/**
 * One-line summary of a {@link ConvexFit}: which true element each learned element is closest to, and how
 * many distinct true elements the stack recovers.
 *
 * <p>From coefficients c ∈ R^{n×K} (rows on the simplex):
 * <pre>
 *   best_i        = argmax_k c_ik   (lowest k on ties)
 *   coefficient_i = max_k c_ik
 *   matched       = |{ best_i : coefficient_i ≥ threshold }|      (distinct true elements)
 *   meanCoefficient = mean_i coefficient_i
 * </pre>
 * With a threshold above 1/2 a learned element can be confident about at most one true element, so
 * {@code matched} is also the size of a largest one-to-one matching between confident learned elements
 * and true elements: two learned elements that both collapse onto the same permutation count once. When
 * several learned elements claim the same true element, {@link #matchedTo()} credits the one with the
 * largest coefficient (lowest index on ties) and marks the others −1. A well-learned stack of G elements
 * against its group has matched = G and meanCoefficient ≈ 1; a soft or collapsed stack has fewer.
 * The CLI writes {@code elements}, {@code matched} and {@code meanCoefficient} of this record, with the
 * task name, to {@code summary.json}.
 *
 * @param best            best_i per learned element
 * @param coefficient     coefficient_i per learned element
 * @param matchedTo       true element credited to learned element i, or −1 if it is not counted
 * @param matched         number of distinct true elements matched with coefficient ≥ threshold
 * @param meanCoefficient mean of the largest coefficients
 * @param threshold       coefficient needed to count as a match
 */
public record StackMatch(int[] best, double[] coefficient, int[] matchedTo, int matched, double meanCoefficient,
                         double threshold) {

    /** The paper's reading of a crisp match: ≥ 90% of a learned element's weight on one true element. */
    public static final double DEFAULT_THRESHOLD = 0.9;

    private static final String OWNER = "StackMatch";

    /** Validates lengths and copies the arrays. */
    public StackMatch {
        int n = Checks.notNull(OWNER, "best", best).length;
        Checks.equal(OWNER, "coefficient length", n, Checks.notNull(OWNER, "coefficient", coefficient).length);
        Checks.equal(OWNER, "matchedTo length", n, Checks.notNull(OWNER, "matchedTo", matchedTo).length);
        best = best.clone();
        coefficient = coefficient.clone();
        matchedTo = matchedTo.clone();
    }

    /** Summary of a fit at {@link #DEFAULT_THRESHOLD}. */
    public static StackMatch of(ConvexFit.Result fit) {
        return of(fit, DEFAULT_THRESHOLD);
    }

    /** Fits {@code learned} against {@code truth} with default settings and summarises at 0.9. */
    public static StackMatch of(INDArray learned, INDArray truth) {
        return of(ConvexFit.fit(learned, truth));
    }

    /**
     * Summary of a fit.
     *
     * @param fit       a convex fit
     * @param threshold coefficient needed to count as a match, in (1/2, 1]
     */
    public static StackMatch of(ConvexFit.Result fit, double threshold) {
        Checks.notNull(OWNER, "fit", fit);
        if (!(threshold > 0.5 && threshold <= 1)) {
            throw new IllegalArgumentException(OWNER + ": threshold expected in (0.5, 1], found " + threshold);
        }
        double[][] c = fit.coefficients();
        int n = c.length;
        int k = fit.trueElements();
        int[] best = new int[n];
        double[] coefficient = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int arg = 0;
            for (int a = 1; a < k; a++) {
                if (c[i][a] > c[i][arg]) {
                    arg = a;
                }
            }
            best[i] = arg;
            coefficient[i] = c[i][arg];
            sum += coefficient[i];
        }
        // credit each true element to its most confident learned element
        int[] owner = new int[k];
        Arrays.fill(owner, -1);
        for (int i = 0; i < n; i++) {
            if (coefficient[i] >= threshold) {
                int t = best[i];
                if (owner[t] < 0 || coefficient[i] > coefficient[owner[t]]) {
                    owner[t] = i;
                }
            }
        }
        int[] matchedTo = new int[n];
        Arrays.fill(matchedTo, -1);
        int matched = 0;
        for (int t = 0; t < k; t++) {
            if (owner[t] >= 0) {
                matchedTo[owner[t]] = t;
                matched++;
            }
        }
        return new StackMatch(best, coefficient, matchedTo, matched, sum / n, threshold);
    }

    /** Number of learned elements. */
    public int elements() {
        return best.length;
    }

    @Override
    public int[] best() {
        return best.clone();
    }

    @Override
    public double[] coefficient() {
        return coefficient.clone();
    }

    @Override
    public int[] matchedTo() {
        return matchedTo.clone();
    }

    /** True when every learned element is matched to its own true element. */
    public boolean isComplete() {
        return matched == elements();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackMatch m && Arrays.equals(best, m.best)
                && Arrays.equals(coefficient, m.coefficient) && Arrays.equals(matchedTo, m.matchedTo)
                && matched == m.matched && Double.compare(meanCoefficient, m.meanCoefficient) == 0
                && Double.compare(threshold, m.threshold) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(best), Arrays.hashCode(coefficient),
                Arrays.hashCode(matchedTo), matched, meanCoefficient, threshold);
    }

    @Override
    public String toString() {
        return "StackMatch[elements=" + elements() + ", matched=" + matched + ", meanCoefficient=" + meanCoefficient
                + ", threshold=" + threshold + ", best=" + Arrays.toString(best) + "]";
    }
}
