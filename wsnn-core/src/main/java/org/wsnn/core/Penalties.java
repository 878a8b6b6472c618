package org.wsnn.core;

import org.wsnn.core.sinkhorn.LineLogSumExp;
import org.wsnn.core.sinkhorn.Sinkhorn;
import org.wsnn.core.sinkhorn.SinkhornTrace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The two regularisers of the method, as plain functions with their exact gradients.
 *
 * <h2>Norm penalty (on raw logits Θ ∈ R^{G×d×d})</h2>
 * <pre>
 *   a_{gj} = log Σ_i exp Θ_{gij}     (column log-sum-exp)
 *   b_{gi} = log Σ_j exp Θ_{gij}     (row log-sum-exp)
 *   norm(Θ) = mean_{g,i,j} (a_{gj}² + b_{gi}²) = mean_{g,j} a_{gj}² + mean_{g,i} b_{gi}²
 *   ∂norm/∂Θ_{gij} = 2/(G d) · (a_{gj} softmax_i(Θ_{g·j})_i + b_{gi} softmax_j(Θ_{gi·})_j)
 * </pre>
 * It is zero exactly when exp(Θ) is already doubly stochastic.
 *
 * <h2>Entropy penalty (on representations R = Sinkhorn(Θ))</h2>
 * <pre>
 *   entropy(R) = −Σ_{g,i,j} R_{gij} log max(R_{gij}, 1e−16)
 * </pre>
 * a sum (not a mean) that pushes each R_g towards a hard permutation. Its gradient with respect to the
 * logits, {@link #entropyGradient(INDArray, int)}, is back-propagated through the Sinkhorn iterations
 * ({@link SinkhornTrace#backward}).
 */
public final class Penalties {

    /** Clamp inside the entropy's logarithm, as in the reference implementation. */
    public static final double ENTROPY_EPSILON = 1e-16;

    private Penalties() {
    }

    /**
     * Norm penalty of a logits stack.
     *
     * @param logits {@code [d, d]} or {@code [G, d, d]}
     * @return mean squared row and column log-sum-exp
     */
    public static double norm(INDArray logits) {
        double[] theta = Sinkhorn.finiteCopy(logits, "logits");
        int d = (int) logits.size(logits.rank() - 1);
        double[] a = LineLogSumExp.of(theta, d, false);
        double[] b = LineLogSumExp.of(theta, d, true);
        return meanOfSquares(a) + meanOfSquares(b);
    }

    /**
     * Gradient of {@link #norm(INDArray)} with respect to the logits.
     *
     * @param logits {@code [d, d]} or {@code [G, d, d]}
     * @return array of the same shape
     */
    public static INDArray normGradient(INDArray logits) {
        double[] theta = Sinkhorn.finiteCopy(logits, "logits");
        int d = (int) logits.size(logits.rank() - 1);
        double[] a = LineLogSumExp.of(theta, d, false);
        double[] b = LineLogSumExp.of(theta, d, true);
        double scale = 2.0 / a.length;
        double[] grad = new double[theta.length];
        for (int p = 0; p < theta.length; p++) {
            int g = p / (d * d);
            int i = (p / d) % d;
            int j = p % d;
            double aj = a[g * d + j];
            double bi = b[g * d + i];
            grad[p] = scale * (aj * Math.exp(theta[p] - aj) + bi * Math.exp(theta[p] - bi));
        }
        return Nd4j.createFromArray(grad).reshape(logits.shape()).castTo(logits.dataType());
    }

    private static double meanOfSquares(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return sum / values.length;
    }

    /**
     * Entropy penalty of a stack of representations (any shape; normally Sinkhorn outputs).
     *
     * @param representations entries in [0, 1]
     * @return −Σ R log max(R, 1e−16)
     */
    public static double entropy(INDArray representations) {
        Checks.notNull("Penalties", "representations", representations);
        INDArray logR = Transforms.log(Transforms.max(representations, ENTROPY_EPSILON, true), false);
        return -representations.mul(logR).sumNumber().doubleValue();
    }

    /**
     * Gradient of entropy(Sinkhorn(Θ, iterations)) with respect to the logits Θ.
     *
     * @param logits     {@code [d, d]} or {@code [G, d, d]}
     * @param iterations Sinkhorn iterations used by the layer
     * @return array of the same shape
     */
    public static INDArray entropyGradient(INDArray logits, int iterations) {
        SinkhornTrace trace = SinkhornTrace.forward(logits, iterations);
        INDArray r = trace.output();
        // dE/dR = -(log R + 1) where R > eps, -log(eps) where clamped.
        INDArray above = r.gt(ENTROPY_EPSILON).castTo(r.dataType());
        INDArray dR = Transforms.log(Transforms.max(r, ENTROPY_EPSILON, true), false).addi(above).negi();
        return trace.backward(dR);
    }

    /** Convenience: entropy of Sinkhorn(Θ, iterations). */
    public static double entropyOfLogits(INDArray logits, int iterations) {
        return entropy(Sinkhorn.normalize(logits, iterations));
    }
}
