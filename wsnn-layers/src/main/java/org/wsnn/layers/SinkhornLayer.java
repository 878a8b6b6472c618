package org.wsnn.layers;

import org.wsnn.layers.runtime.RuntimeWiring;
import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.Checks;
import org.wsnn.layers.runtime.SinkhornRuntimeLayer;

import java.util.Arrays;
import java.util.Collection;

/**
 * Maps input logits {@code [B, n, n]} to doubly stochastic matrices {@code [B, n, n]}:
 * y = Sinkhorn(x / τ) with {@code iterations} row-then-column passes (the same code as the weight-sharing
 * layers, {@link org.wsnn.core.sinkhorn.Sinkhorn}). For models that learn soft permutations or assignments directly. Declare the
 * input as {@code InputType.recurrent(n, n)}. A lower temperature τ gives harder permutations.
 *
 * <p>No parameters. Runs natively in {@link SinkhornRuntimeLayer} (the forward pass keeps the Sinkhorn
 * trace, the backward pass goes through it: ∂L/∂x = ∂L/∂Θ / τ), not as a SameDiff graph.
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class SinkhornLayer extends NoParamLayer {

    private int iterations = RepresentationStack.DEFAULT_SINKHORN_ITERATIONS;
    private double temperature = 1.0;
    /** Captured matrix size n (0 while unknown). */
    private long size;

    protected SinkhornLayer(Builder b) {
        super(b);
        this.iterations = Checks.positive(describe(), "iterations", b.iterations);
        this.temperature = Checks.strictlyPositive(describe(), "temperature", b.temperature);
    }

    private String describe() {
        return "SinkhornLayer" + (getLayerName() == null ? "" : " '" + getLayerName() + "'");
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return RuntimeWiring.wire(new SinkhornRuntimeLayer(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
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

    /** Working memory: the Sinkhorn trace (two arrays per iteration) and the output, per example. */
    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(getLayerName(), SinkhornLayer.class, inputType, out)
                .standardMemory(0, 0)
                .workingMemory(0, perExample, 0, perExample * (2L * iterations + 2))
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    private long matrixSize(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r) || r.getTimeSeriesLength() != r.getSize()) {
            throw new IllegalArgumentException(describe() + ": input type expected square logits [B, n, n]"
                    + " (InputType.recurrent(n, n)), found " + inputType);
        }
        return r.getSize();
    }

    /** Checks an input array: {@code [B, n, n]}, finite. */
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
    public static class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
        private int iterations = RepresentationStack.DEFAULT_SINKHORN_ITERATIONS;
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
