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

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        int rank = input.getShape().length;
        int[] axes = new int[rank - 1];
        for (int i = 1; i < rank; i++) {
            axes[i - 1] = i;
        }
        SDVariable centred = input.sub(input.mean(true, axes));
        SDVariable variance = centred.mul(centred).mean(true, axes);
        SDVariable y = centred.div(sd.math().sqrt(variance.add(epsilon)));
        return relu ? sd.nn().relu(y, 0.0) : y;
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
