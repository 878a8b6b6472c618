/**
 * Sinkhorn normalisation: {@link org.wsnn.core.sinkhorn.Sinkhorn} (eager, log-domain, and the SameDiff
 * form), {@link org.wsnn.core.sinkhorn.SinkhornTrace} (the forward pass kept for an exact backward pass, on
 * a scaled or a log-domain implementation of {@link org.wsnn.core.sinkhorn.SinkhornSteps}), and the
 * row/column log-sum-exp both use ({@link org.wsnn.core.sinkhorn.LineLogSumExp}).
 */
package org.wsnn.core.sinkhorn;
