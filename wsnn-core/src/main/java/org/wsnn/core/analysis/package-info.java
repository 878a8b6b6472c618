/**
 * Representation analysis: how close a learned weight-sharing stack is to a group.
 *
 * <p>All classes take stacks {@code [G, d, d]} (a single {@code [d, d]} matrix is read as a stack of one)
 * and compute in float64 whatever the input data type:
 * <ul>
 *   <li>{@link org.wsnn.core.analysis.DoublyStochasticError}: how far each matrix is from the Birkhoff
 *       polytope's defining constraints (row sums, column sums, non-negativity);</li>
 *   <li>{@link org.wsnn.core.analysis.ConvexFit}: the paper's score, each learned R_i fitted as a convex
 *       combination Σ c_k P_k of ground-truth permutations by simplex-constrained least squares;</li>
 *   <li>{@link org.wsnn.core.analysis.StackMatch}: a one-line summary of a fit (best true element per
 *       learned element, the number of distinct true elements matched with a coefficient ≥ 0.9);</li>
 *   <li>{@link org.wsnn.core.analysis.NearestPermutation}: the hard permutation closest to a soft one
 *       (Hungarian algorithm, O(d³)).</li>
 * </ul>
 * Everything here is deterministic (no randomness, no thread-count dependence) and validates its input
 * through {@link org.wsnn.core.Checks}-style messages: "expected X, found Y".
 */
package org.wsnn.core.analysis;
