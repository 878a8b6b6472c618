/**
 * {@code wsnn learn-symmetry}: learning a symmetry from embedded synthetic data with
 * {@link org.wsnn.layers.WeightSharingDense} and scoring the learned stack against the true group elements
 * ({@link org.wsnn.examples.symmetry.SymmetryLearner}, {@link org.wsnn.examples.symmetry.LearnSymmetryCommand}).
 */
package org.wsnn.examples.symmetry;
