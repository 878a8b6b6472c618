package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;

/**
 * Lifting layer: image {@code [B, nIn, H, W]} (or flat MNIST-style input through
 * {@code InputType.convolutionalFlat}) to group feature map {@code [B, nOut, G, H', W']}, with
 * kernel_g = R_g · w acting on the k² taps of each base kernel (d = k²). See
 * {@link WeightSharingConvolution} for parameters and kernel construction.
 *
 * <pre>{@code
 * new WeightSharingLifting.Builder().nIn(1).nOut(32).kernelSize(5).groupSize(4).normPenalty(0.1).build()
 * }</pre>
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class WeightSharingLifting extends WeightSharingConvolution {

    protected WeightSharingLifting(Builder b) {
        super(b);
    }

    @Override
    public int inputGroupSize() {
        return 1;
    }

    @Override
    protected org.wsnn.layers.runtime.GroupConvolutionLayer runtime(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
            org.nd4j.linalg.api.buffer.DataType networkDataType) {
        return new org.wsnn.layers.runtime.WeightSharingLifting(conf, networkDataType);
    }

    /** Builder of {@link WeightSharingLifting}. */
    public static class Builder extends WeightSharingConvolution.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public WeightSharingLifting build() {
            return new WeightSharingLifting(this);
        }
    }
}
