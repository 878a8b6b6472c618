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
import org.wsnn.core.Sinkhorn;

import java.util.Arrays;
import java.util.Map;

/**
 * Maps input logits {@code [B, n, n]} to doubly stochastic matrices {@code [B, n, n]}:
 * y = Sinkhorn(x / τ) with {@code iterations} row-then-column passes (the same code as the weight-sharing
 * layers, {@link Sinkhorn}). For models that learn soft permutations or assignments directly. Declare the
 * input as {@code InputType.recurrent(n, n)}. A lower temperature τ gives harder permutations.
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class SinkhornLayer extends WsnnSameDiffLayer {

    private int iterations = WeightSharingConvolution.DEFAULT_SINKHORN_ITERATIONS;
    private double temperature = 1.0;
    /** Captured matrix size n (0 while unknown). */
    private long size;

    protected SinkhornLayer(Builder b) {
        super(b);
        this.iterations = Checks.positive(describe(), "iterations", b.iterations);
        this.temperature = Checks.strictlyPositive(describe(), "temperature", b.temperature);
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
        SDVariable logits = temperature == 1.0 ? input : input.div(temperature);
        return Sinkhorn.normalize(sd, logits, iterations);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long n = matrixSize(inputType);
        return InputType.recurrent(n, n);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        size = matrixSize(inputType);
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    private long matrixSize(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r) || r.getTimeSeriesLength() != r.getSize()) {
            throw new IllegalArgumentException(describe() + ": input type expected square logits [B, n, n]"
                    + " (InputType.recurrent(n, n)), found " + inputType);
        }
        return r.getSize();
    }

    @Override
    public void validateInput(INDArray input) {
        if (input.rank() != 3 || input.size(1) != input.size(2) || (size > 0 && input.size(1) != size)) {
            throw new IllegalArgumentException(describe() + ": input expected [B, n, n]" + (size > 0 ? " with n = " + size : "")
                    + ", found shape " + Arrays.toString(input.shape()));
        }
        if (input.isNaN().any()) {
            throw new IllegalArgumentException(describe() + ": input logits contain NaN; expected finite logits");
        }
    }

    /** Builder of {@link SinkhornLayer}. */
    public static class Builder extends WsnnSameDiffLayer.Builder<Builder> {
        private int iterations = WeightSharingConvolution.DEFAULT_SINKHORN_ITERATIONS;
        private double temperature = 1.0;

        /** Row-then-column passes (default 20). */
        public Builder iterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /** Temperature τ &gt; 0 dividing the logits (default 1). */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SinkhornLayer build() {
            return new SinkhornLayer(this);
        }
    }
}
