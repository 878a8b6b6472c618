package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.Checks;

import java.util.Arrays;
import java.util.Map;

/**
 * Layer normalisation over all non-batch axes without affine parameters, as in the paper's networks
 * (over (C, G, H, W) of a group feature map), optionally followed by ReLU:
 * <pre>
 *   y = (x − mean(x)) / sqrt(var(x) + ε)      (mean and biased variance per example)
 * </pre>
 * Shape-preserving; accepts any input type.
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class GroupLayerNorm extends WsnnSameDiffLayer {

    /** PyTorch's default ε. */
    public static final double DEFAULT_EPSILON = 1e-5;

    private double epsilon = DEFAULT_EPSILON;
    private boolean relu;

    protected GroupLayerNorm(Builder b) {
        super(b);
        this.epsilon = Checks.strictlyPositive(describe(), "epsilon", b.epsilon);
        this.relu = b.relu;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // no parameters
    }

    /**
     * Normalises over the flattened non-batch axes: the input is viewed as {@code [B, N]} so every reduction
     * runs over one contiguous axis (multi-axis reductions over 5-D arrays were several times slower in
     * backprop in ND4J 1.0.0-M2.1).
     */
    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        long[] shape = input.getShape();
        long perExample = 1;
        for (int i = 1; i < shape.length; i++) {
            perExample *= shape[i];
        }
        SDVariable flat = input.reshape(-1, perExample);
        SDVariable centred = flat.sub(flat.mean(true, 1));
        SDVariable variance = centred.mul(centred).mean(true, 1);
        SDVariable y = centred.mul(sd.math().rsqrt(variance.add(epsilon)));
        if (relu) {
            y = sd.nn().relu(y, 0.0);
        }
        long[] back = shape.clone();
        back[0] = -1;
        return y.reshape(back);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // shape-preserving
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public void validateInput(INDArray input) {
        if (input.rank() < 2) {
            throw new IllegalArgumentException(describe() + ": input rank expected >= 2, found shape "
                    + Arrays.toString(input.shape()));
        }
    }

    /** Builder of {@link GroupLayerNorm}. */
    public static class Builder extends WsnnSameDiffLayer.Builder<Builder> {
        private double epsilon = DEFAULT_EPSILON;
        private boolean relu;

        /** ε added to the variance (default 1e-5). */
        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Apply ReLU after normalising (default false). */
        public Builder relu(boolean relu) {
            this.relu = relu;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GroupLayerNorm build() {
            return new GroupLayerNorm(this);
        }
    }
}
