package org.wsnn.layers.kernel;

/**
 * The shapes of a group convolution's filters: {@code nOut} output fields of G group elements each, from
 * {@code nIn} input fields of Gin elements (1 for image input), with k × k taps. The flattened base kernel
 * has d = Gin·k² entries; the materialised filters are OIYX {@code [nOut·G, nIn·Gin, k, k]} with output
 * index o·G + g and input index i·Gin + h.
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
}
