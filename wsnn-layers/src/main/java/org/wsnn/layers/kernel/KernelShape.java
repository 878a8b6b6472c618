package org.wsnn.layers.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shapes of a group convolution's filters: {@code nOut} output fields of G group elements each, from
 * {@code nIn} input fields of Gin elements (1 for image input), with k × k taps. The flattened base kernel
 * has d = Gin·k² entries; the materialised filters are OIYX {@code [nOut·G, nIn·Gin, k, k]} with output
 * index o·G + g and input index i·Gin + h; the bias of filter o·G + g is b_o, shared over the group axis.
 *
 * @param nOut           output fields
 * @param nIn            input fields
 * @param inputGroupSize Gin
 * @param groupSize      G
 * @param kernelSize     k
 */
public record KernelShape(long nOut, long nIn, int inputGroupSize, int groupSize, int kernelSize) {

    /** Length d = Gin·k² of a flattened base kernel, the side of each representation matrix. */
    public int tapDimension() {
        return inputGroupSize * kernelSize * kernelSize;
    }

    /** OIYX shape of the materialised filters {@code [nOut·G, nIn·Gin, k, k]}. */
    public long[] filterShape() {
        return new long[]{nOut * groupSize, nIn * inputGroupSize, kernelSize, kernelSize};
    }

    /** Number of filter elements nOut·G · nIn·Gin · k². */
    public long filterElements() {
        return nOut * groupSize * nIn * inputGroupSize * kernelSize * kernelSize;
    }

    /**
     * The bias of the materialised filters: each output field's b_o repeated over its G group elements
     * (filter o·G + g gets b_o), {@code [nOut·G]}, in the bias's data type.
     *
     * @param bias {@code [nOut]} or {@code [1, nOut]}
     */
    public INDArray filterBias(INDArray bias) {
        return bias.reshape(nOut, 1).mul(Nd4j.ones(bias.dataType(), 1, groupSize)).reshape(nOut * groupSize);
    }
}
