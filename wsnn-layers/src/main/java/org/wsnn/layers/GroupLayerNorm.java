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
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.Checks;
import org.wsnn.layers.runtime.GroupLayerNormLayer;

import java.util.Collection;

/**
 * Layer normalisation over all non-batch axes without affine parameters, as in the paper's networks
 * (over (C, G, H, W) of a group feature map), optionally followed by ReLU. Per example, with N the number
 * of non-batch elements:
 * <pre>
 *   μ = mean(x),  σ² = mean((x − μ)²)  (biased),  ŷ = (x − μ) / sqrt(σ² + ε),  y = ReLU(ŷ) or ŷ
 *   backward (g = ∂L/∂ŷ):  ∂L/∂x = (g − mean(g) − ŷ · mean(g ⊙ ŷ)) / sqrt(σ² + ε)
 * </pre>
 * Shape-preserving; accepts any input type. Implemented as a plain DL4J layer ({@link GroupLayerNormLayer})
 * whose forward and backward passes are fused per example (one read of the input forward, one read of
 * ε and ŷ backward) rather than as a SameDiff graph or a chain of ND4J broadcasting ops: the SameDiff
 * form's backward pass cost about three times the ND4J chain here, and the chain about ten times the fused
 * form (docs/benchmarks.md). SameDiff's native {@code layer_norm} has no ε (it divides by zero on a
 * constant input).
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class GroupLayerNorm extends NoParamLayer {

    /** PyTorch's default ε. */
    public static final double DEFAULT_EPSILON = 1e-5;

    private double epsilon = DEFAULT_EPSILON;
    private boolean relu;

    protected GroupLayerNorm(Builder b) {
        super(b);
        String me = "GroupLayerNorm" + (getLayerName() == null ? "" : " '" + getLayerName() + "'");
        this.epsilon = Checks.strictlyPositive(me, "epsilon", b.epsilon);
        this.relu = b.relu;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return RuntimeWiring.wire(new GroupLayerNormLayer(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public org.deeplearning4j.nn.api.ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return Checks.notNull("GroupLayerNorm", "inputType", inputType);
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
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, GroupLayerNorm.class, inputType, inputType)
                .standardMemory(0, 0)
                .workingMemory(0, perExample, 0, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Builder of {@link GroupLayerNorm}. */
    public static class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
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
