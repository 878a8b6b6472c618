/**
 * The method's regularisers as DL4J {@link org.nd4j.linalg.learning.regularization.Regularization}s, so
 * they are part of the score and the gradient, serialised with the configuration and applied to every
 * weight-sharing layer without per-model code; and the score taken apart again
 * ({@link org.wsnn.layers.penalty.ScoreBreakdown}: task loss, norm, entropy, weight decay), as a training
 * listener and as an early-stopping score on the task loss alone.
 */
package org.wsnn.layers.penalty;
