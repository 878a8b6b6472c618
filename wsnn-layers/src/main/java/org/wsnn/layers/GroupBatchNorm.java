package org.wsnn.layers;

import org.wsnn.layers.runtime.RuntimeWiring;
import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.wsnn.core.Checks;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation per channel (axis 1) of any input of rank ≥ 2: {@code [B, C]}, {@code [B, C, H, W]} or a
 * group feature map {@code [B, C, G, H, W]}, the statistics shared over every other axis (for a group feature
 * map: batch, group and space), like PyTorch's {@code BatchNorm1d/2d/3d}. Written directly on ND4J arrays
 * (no SameDiff), because DL4J's {@code BatchNormalization} does not take 5-D input and counts its running
 * statistics as parameters (4 per channel).
 *
 * <p>Parameters: {@code gamma} and {@code beta} ({@code [1, C]}, initialised 1 and 0): exactly 2C, as PyTorch
 * counts them. The running mean and variance (PyTorch's buffers, updated with momentum 0.1 in training mode,
 * the variance unbiased) are <b>not parameters</b>: they are kept in this configuration
 * ({@code getRunningMean()}, {@code getRunningVar()}), so they travel with the network's JSON when it is
 * saved, and are left out of {@code equals}.
 * <pre>
 *   training:  μ, σ² (biased) over all axes but 1;  x̂ = (x − μ)/sqrt(σ² + ε);  y = γ x̂ + β
 *   inference: μ, σ² = running statistics
 *   backward (g = ∂L/∂y, means over the same axes):
 *     ∂L/∂γ = Σ g x̂,  ∂L/∂β = Σ g,  ∂L/∂x = γ/sqrt(σ² + ε) · (g − mean(g) − x̂ · mean(g x̂))
 * </pre>
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class GroupBatchNorm extends BaseLayer {

    /** Scale parameter key. */
    public static final String GAMMA = "gamma";
    /** Shift parameter key. */
    public static final String BETA = "beta";
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPSILON = 1e-5;
    /** PyTorch's default momentum of the running statistics. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    private long nChannels;
    private double epsilon = DEFAULT_EPSILON;
    private double momentum = DEFAULT_MOMENTUM;
    /** Running mean per channel (a buffer, not a parameter; null until set from the input type). */
    @EqualsAndHashCode.Exclude
    private double[] runningMean;
    /** Running (unbiased) variance per channel. */
    @EqualsAndHashCode.Exclude
    private double[] runningVar;

    protected GroupBatchNorm(Builder b) {
        super(b);
        String me = "GroupBatchNorm" + (getLayerName() == null ? "" : " '" + getLayerName() + "'");
        this.epsilon = Checks.strictlyPositive(me, "epsilon", b.epsilon);
        if (!(b.momentum >= 0 && b.momentum <= 1)) {
            throw new IllegalArgumentException(me + ": momentum expected in [0, 1], found " + b.momentum);
        }
        this.momentum = b.momentum;
        if (b.nChannels > 0) {
            setChannels(b.nChannels);
        }
    }

    /** A copy with its own running statistics (a shallow clone would share them with this one). */
    @Override
    public GroupBatchNorm clone() {
        GroupBatchNorm copy = (GroupBatchNorm) super.clone();
        copy.runningMean = runningMean == null ? null : runningMean.clone();
        copy.runningVar = runningVar == null ? null : runningVar.clone();
        return copy;
    }

    private void setChannels(long channels) {
        this.nChannels = channels;
        this.runningMean = new double[(int) channels];
        this.runningVar = new double[(int) channels];
        Arrays.fill(runningVar, 1.0);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return RuntimeWiring.wire(new GroupBatchNormLayer(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return Params.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return Checks.notNull("GroupBatchNorm", "inputType", inputType);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        long channels = switch (inputType.getType()) {
            case FF -> ((InputType.InputTypeFeedForward) inputType).getSize();
            case CNN -> ((InputType.InputTypeConvolutional) inputType).getChannels();
            case CNN3D -> ((InputType.InputTypeConvolutional3D) inputType).getChannels();
            default -> throw new IllegalArgumentException("GroupBatchNorm: input type expected FF, CNN or CNN3D, found "
                    + inputType);
        };
        if (nChannels <= 0 || override) {
            setChannels(channels);
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, GroupBatchNorm.class, inputType, inputType)
                .standardMemory(2 * nChannels, 2 * nChannels)
                .workingMemory(0, perExample, 0, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Parameters {@code gamma} (a weight: 1s) and {@code beta} (a bias: 0s), each {@code [1, C]}. */
    public static final class Params implements ParamInitializer {
        /** The instance. */
        public static final Params INSTANCE = new Params();

        private static long channels(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return ((GroupBatchNorm) layer).getNChannels();
        }

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return 2 * channels(layer);
        }

        @Override
        public List<String> paramKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of(GAMMA, BETA);
        }

        @Override
        public List<String> weightKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of(GAMMA);
        }

        @Override
        public List<String> biasKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of(BETA);
        }

        @Override
        public boolean isWeightParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return GAMMA.equals(key);
        }

        @Override
        public boolean isBiasParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return BETA.equals(key);
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
            Map<String, INDArray> views = getGradientsFromFlattened(conf, paramsView);
            if (initializeParams) {
                views.get(GAMMA).assign(1.0);
                views.get(BETA).assign(0.0);
            }
            return views;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray view) {
            long c = channels(conf.getLayer());
            INDArray flat = view.reshape(view.length());
            Map<String, INDArray> out = new LinkedHashMap<>();
            out.put(GAMMA, flat.get(NDArrayIndex.interval(0, c)).reshape(1, c));
            out.put(BETA, flat.get(NDArrayIndex.interval(c, 2 * c)).reshape(1, c));
            return out;
        }
    }

    /** Builder of {@link GroupBatchNorm}. */
    public static class Builder extends BaseLayer.Builder<Builder> {
        private long nChannels;
        private double epsilon = DEFAULT_EPSILON;
        private double momentum = DEFAULT_MOMENTUM;

        /** Channels (default: from the input type). */
        public Builder nChannels(long nChannels) {
            this.nChannels = nChannels;
            return this;
        }

        /** ε added to the variance (default 1e-5). */
        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Momentum of the running statistics (default 0.1, PyTorch's convention). */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GroupBatchNorm build() {
            return new GroupBatchNorm(this);
        }
    }
}
