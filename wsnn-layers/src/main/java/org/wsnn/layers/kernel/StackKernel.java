package org.wsnn.layers.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Filters from base kernels and a dense representation stack, and the adjoint:
 * <pre>
 *   K[o, g, i, n] = Σ_m R[g, n, m] · W[o, i, m]            (einsum "gnm,oim->ogin")
 *   K_flat = W_flat · S        W_flat [nOut·nIn, d],  S [d, G·d],  S[m, (g, n)] = R[g, n, m]
 *   ∂L/∂W_flat = ∂L/∂K_flat · Sᵀ        ∂L/∂S = W_flatᵀ · ∂L/∂K_flat
 * </pre>
 * with K rearranged to the convolutions' OIYX layout (filter o·G + g over input channel i·Gin + h) by
 * {@link AxisSwap}. One BLAS gemm each way.
 */
public final class StackKernel {

    private StackKernel() {
    }

    /**
     * Materialised filters, OIYX {@code [nOut·G, nIn·Gin, k, k]}.
     *
     * @param shape   the layer's shapes
     * @param weights base kernels, any shape with nOut·nIn·d elements in (o, i, m) order
     * @param stack   the full stack {@code [G, d, d]}
     */
    public static INDArray materialize(KernelShape shape, INDArray weights, INDArray stack) {
        long nOut = shape.nOut();
        long nIn = shape.nIn();
        int d = shape.tapDimension();
        INDArray k = product(weights.reshape(nOut * nIn, d), false, stackMatrix(stack, shape.groupSize(), d), false);
        return AxisSwap.swapMiddle(k, nOut, nIn, shape.groupSize(), d).reshape(shape.filterShape());
    }

    /**
     * The adjoint of {@link #materialize}: from ∂L/∂K (OIYX) to ∂L/∂W (the shape of {@code weights}) and
     * ∂L/∂R {@code [G, d, d]}.
     *
     * @return {∂L/∂W, ∂L/∂R}
     */
    public static INDArray[] backward(KernelShape shape, INDArray gradKernel, INDArray weights, INDArray stack) {
        long nOut = shape.nOut();
        long nIn = shape.nIn();
        int g = shape.groupSize();
        int d = shape.tapDimension();
        INDArray gradFlat = AxisSwap.swapMiddle(gradKernel, nOut, g, nIn, d).reshape(nOut * nIn, (long) g * d);
        INDArray gradWeights = product(gradFlat, false, stackMatrix(stack, g, d), true).reshape(weights.shape());
        INDArray gradS = product(weights.reshape(nOut * nIn, d), true, gradFlat, false);
        INDArray gradStack = gradS.reshape(d, g, d).permute(1, 2, 0).dup();
        return new INDArray[]{gradWeights, gradStack};
    }

    /**
     * op(a)·op(b) into a new C-ordered matrix through BLAS gemm (2–3× faster here than {@code mmul} for
     * these shapes), op = transpose when asked.
     */
    static INDArray product(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        long rows = transposeA ? a.size(1) : a.size(0);
        long cols = transposeB ? b.size(0) : b.size(1);
        INDArray out = Nd4j.createUninitialized(a.dataType(), rows, cols);
        return Nd4j.gemm(a, b, out, transposeA, transposeB, 1.0, 0.0);
    }

    /** S [d, G·d] with S[m, (g, n)] = R[g, n, m]. */
    static INDArray stackMatrix(INDArray stack, int groupSize, int d) {
        return stack.permute(2, 0, 1).dup().reshape(d, (long) groupSize * d);
    }
}
