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
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.Checks;
import org.wsnn.layers.runtime.GroupPoolingLayer;

import java.util.Arrays;
import java.util.Collection;

/**
 * Pooling over the group axis: {@code [B, C, G, H, W]} → {@code [B, C, H, W]}, with
 * y[b, c, h, w] = mean_g x[b, c, g, h, w] ({@link PoolingType#AVG}) or max_g ({@link PoolingType#MAX}).
 * With an equivariant stack below it, the result is invariant to the group's action on the group axis.
 * Runs as a plain DL4J layer ({@link GroupPoolingLayer}); the MAX gradient goes to the first maximum.
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class GroupPooling extends NoParamLayer {

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

    private String describe() {
        return "GroupPooling" + (getLayerName() == null ? "" : " '" + getLayerName() + "'");
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return RuntimeWiring.wire(new GroupPoolingLayer(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
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

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, GroupPooling.class, inputType, out)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    private InputType.InputTypeConvolutional3D groupInput(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional3D in)
                || in.getDataFormat() != Convolution3D.DataFormat.NCDHW) {
            throw new IllegalArgumentException(describe() + ": input type expected a group feature map [B, C, G, H, W]"
                    + " (InputType.convolutional3D(NCDHW, G, H, W, C)), found " + inputType);
        }
        return in;
    }

    /** Checks an input array at fit/output time. */
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
    public static class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
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
