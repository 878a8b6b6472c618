package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;

/**
 * Group convolution: group feature map {@code [B, nIn, G, H, W]} to {@code [B, nOut, G, H', W']}. Each
 * R_g acts jointly on the (input group × tap) index of a base kernel (d = G·k²); for C4 the exact answer
 * is the shift-twist (rotate the taps, cyclically shift the input group axis). The input group size
 * equals {@code groupSize}. See {@link WeightSharingConvolution}.
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class WeightSharingGroupConv extends WeightSharingConvolution {

    protected WeightSharingGroupConv(Builder b) {
        super(b);
    }

    @Override
    public int inputGroupSize() {
        return groupSize;
    }

    @Override
    protected boolean acceptsGroupInputOfSizeOne() {
        return true;
    }

    @Override
    protected org.wsnn.layers.runtime.GroupConvolutionLayer runtime(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
            org.nd4j.linalg.api.buffer.DataType networkDataType) {
        return new org.wsnn.layers.runtime.WeightSharingGroupConv(conf, networkDataType);
    }

    /** Builder of {@link WeightSharingGroupConv}. */
    public static class Builder extends WeightSharingConvolution.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public WeightSharingGroupConv build() {
            return new WeightSharingGroupConv(this);
        }
    }
}
