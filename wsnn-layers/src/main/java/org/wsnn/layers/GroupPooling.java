package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.Checks;

import java.util.Arrays;
import java.util.Map;

/**
 * Pooling over the group axis: {@code [B, C, G, H, W]} → {@code [B, C, H, W]}, with
 * y[b, c, h, w] = mean_g x[b, c, g, h, w] ({@link PoolingType#AVG}) or max_g ({@link PoolingType#MAX}).
 * With an equivariant stack below it, the result is invariant to the group's action on the group axis.
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class GroupPooling extends WsnnSameDiffLayer {

    private PoolingType poolingType = PoolingType.AVG;
    /** Captured input sizes (0 while unknown). */
    private long channels;
    private long groupSize;

    protected GroupPooling(Builder b) {
        super(b);
        this.poolingType = Checks.notNull(describe(), "poolingType", b.poolingType);
        if (poolingType != PoolingType.AVG && poolingType != PoolingType.MAX) {
            throw new IllegalArgumentException(describe() + ": poolingType expected AVG or MAX, found " + poolingType);
        }
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // no parameters
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        return poolingType == PoolingType.MAX ? input.max(2) : input.mean(2);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional3D in = groupInput(inputType);
        return InputType.convolutional(in.getHeight(), in.getWidth(), in.getChannels());
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeConvolutional3D in = groupInput(inputType);
        channels = in.getChannels();
        groupSize = in.getDepth();
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    private InputType.InputTypeConvolutional3D groupInput(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional3D in)
                || in.getDataFormat() != Convolution3D.DataFormat.NCDHW) {
            throw new IllegalArgumentException(describe() + ": input type expected a group feature map [B, C, G, H, W]"
                    + " (InputType.convolutional3D(NCDHW, G, H, W, C)), found " + inputType);
        }
        return in;
    }

    @Override
    public void validateInput(INDArray input) {
        if (input.rank() != 5) {
            throw new IllegalArgumentException(describe() + ": input rank expected 5 [B, C, G, H, W], found rank "
                    + input.rank() + " with shape " + Arrays.toString(input.shape()));
        }
        if ((channels > 0 && input.size(1) != channels) || (groupSize > 0 && input.size(2) != groupSize)) {
            throw new IllegalArgumentException(describe() + ": input [C, G] expected [" + channels + ", " + groupSize
                    + "], found " + Arrays.toString(input.shape()));
        }
    }

    /** Builder of {@link GroupPooling}. */
    public static class Builder extends WsnnSameDiffLayer.Builder<Builder> {
        private PoolingType poolingType = PoolingType.AVG;

        /** AVG (default) or MAX over the group axis. */
        public Builder poolingType(PoolingType poolingType) {
            this.poolingType = poolingType;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GroupPooling build() {
            return new GroupPooling(this);
        }
    }
}
