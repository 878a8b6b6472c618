/**
 * The method's regularisers as DL4J {@link org.nd4j.linalg.learning.regularization.Regularization}s, so
 * they are part of the score and the gradient, serialised with the configuration and applied to every
 * weight-sharing layer without per-model code.
 */
package org.wsnn.layers.penalty;
