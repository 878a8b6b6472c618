package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.wsnn.core.Checks;
import org.wsnn.layers.kernel.KernelShape;
import org.wsnn.layers.runtime.GroupConvolutionLayer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stride-1 2D convolution between group feature maps, the shared base of every wsnn convolution.
 *
 * <h2>Layout</h2>
 * Group feature maps are {@code [B, C, G, H, W]} (declared as
 * {@code InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, G, H, W, C)}); a plain image is
 * {@code [B, C, H, W]} and counts as input group size 1. The input is viewed as {@code [B, C·Gin, H, W]}
 * (channel index c·Gin + h), convolved with {@code nOut·G} filters whose index is o·G + g
 * (channel-major, group-minor), and the result is viewed as {@code [B, nOut, G, H', W']}. One bias per
 * output channel o is shared over the group axis and space.
 *
 * <h2>Padding</h2>
 * {@link ConvolutionMode#Truncate}: no padding, H' = H − k + 1. {@link ConvolutionMode#Same}: H' = H,
 * odd k only (padding (k − 1)/2 on each side, as PyTorch's {@code padding=k//2}).
 *
 * <p>Subclasses say which parameters they have ({@link #parameterShapes()}); the filters are
 * materialised from base kernels and a representation stack ({@link WeightSharingConvolution}) or stored
 * directly ({@link PlainGroupConvolution}) by {@link org.wsnn.layers.kernel.FilterPasses}, called by the
 * runtime {@link GroupConvolutionLayer} (native conv2d and conv2d_bp, a DL4J {@code BaseLayer}).
 */
@Data
@EqualsAndHashCode(callSuper = true)
public abstract class GroupFeatureConvolution extends WsnnBaseLayer {


    protected int kernelSize;
    protected int groupSize;
    protected ConvolutionMode convolutionMode = ConvolutionMode.Truncate;
    protected boolean hasBias = true;
    /** Input height and width captured from the input type (0 while unknown). */
    protected long inputHeight;
    protected long inputWidth;

    /** For JSON. */
    protected GroupFeatureConvolution() {
    }

    protected GroupFeatureConvolution(Builder<?> b) {
        super(b);
        this.kernelSize = b.kernelSize;
        this.groupSize = b.groupSize;
        this.convolutionMode = b.convolutionMode;
        this.hasBias = b.hasBias;
    }

    /** Size of the input's group axis: 1 for image input {@code [B, C, H, W]}. */
    public abstract int inputGroupSize();

    /** Rank of the input: 4 for images, 5 for group feature maps. */
    public int inputRank() {
        return inputGroupSize() == 1 && !acceptsGroupInputOfSizeOne() ? 4 : 5;
    }

    /** True when an input group axis of size 1 is still a 5-D group feature map (group layers with G = 1). */
    protected boolean acceptsGroupInputOfSizeOne() {
        return false;
    }

    /** Output height for an input height {@code h}. */
    public long outputSize(long h) {
        return convolutionMode == ConvolutionMode.Same ? h : h - kernelSize + 1;
    }

    /** Stride-1 NCHW convolution with OIYX filters, VALID (Truncate) or SAME padding. */
    public Conv2DConfig convolutionConfig() {
        return Conv2DConfig.builder()
                .kH(kernelSize).kW(kernelSize).sH(1).sW(1).dH(1).dW(1)
                .pH(0).pW(0)
                .paddingMode(convolutionMode == ConvolutionMode.Same ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW)
                .weightsFormat(WeightsFormat.OIYX)
                .build();
    }

    /** The shapes of this layer's filters. */
    public KernelShape kernelShape() {
        return new KernelShape(nOut, nIn, inputGroupSize(), groupSize, kernelSize);
    }


    /** The runtime layer, a {@link GroupConvolutionLayer} named like the configuration's class. */
    @Override
    protected abstract GroupConvolutionLayer runtime(NeuralNetConfiguration conf, DataType networkDataType);

    /** The keys of {@link #parameterShapes()}: {@code "W"}, then any a subclass adds, then {@code "b"}. */
    @Override
    public java.util.List<String> parameterKeys() {
        java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of(WEIGHT_KEY));
        keys.addAll(extraParameterKeys());
        if (hasBias) {
            keys.add(BIAS_KEY);
        }
        return keys;
    }

    /** Keys between {@code "W"} and {@code "b"} (the representation logits); none here. */
    protected java.util.List<String> extraParameterKeys() {
        return java.util.List.of();
    }

    /** The bias {@code [1, nOut]} when {@code hasBias}, appended to a subclass's weight shapes. */
    protected LinkedHashMap<String, long[]> withBias(LinkedHashMap<String, long[]> shapes) {
        if (hasBias) {
            shapes.put(BIAS_KEY, new long[]{1, nOut});
        }
        return shapes;
    }

    /**
     * Fan-in nIn·Gin·k² and fan-out nOut·G·k² of the filters, as DL4J computes them for
     * {@code ConvolutionLayer}, for the weight initialisation.
     */
    protected double[] fans() {
        long taps = (long) kernelSize * kernelSize;
        return new double[]{(double) nIn * inputGroupSize() * taps, (double) nOut * groupSize * taps};
    }

    /** Bias: DL4J's {@code biasInit} (0 unless set). */
    protected void initializeBias(Map<String, INDArray> params) {
        if (hasBias) {
            // NaN: a layer built outside a network configuration, which never received DL4J's default 0
            params.get(BIAS_KEY).assign(Double.isNaN(biasInit) ? 0 : biasInit);
        }
    }

    /**
     * Memory of this layer for DL4J's memory report: the parameters and their updater state; as fixed
     * working memory the materialised filters (and, in training, their gradient and the stack's); per
     * example the native convolution's column buffer nIn·Gin·k²·H'·W' (and, in training, the input's
     * gradient, plus a copy of the input when dropout is set).
     */
    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType output = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        long updaterState = updaterStateSize();
        KernelShape k = kernelShape();
        long filters = k.filterElements();
        long columns = (long) k.tapDimension() * nIn * (output.arrayElementsPerExample() / ((long) nOut * groupSize));
        long trainPerExample = columns + inputType.arrayElementsPerExample()
                + (getIDropout() != null ? inputType.arrayElementsPerExample() : 0);
        return new LayerMemoryReport.Builder(getLayerName(), getClass(), inputType, output)
                .standardMemory(params, updaterState)
                .workingMemory(filters, columns, 2 * filters + stackWorkingElements(), trainPerExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Elements a training pass keeps for the stack (Sinkhorn trace, stack and its gradient); 0 here. */
    protected long stackWorkingElements() {
        return 0;
    }

    // ---------------------------------------------------------------- shapes and validation

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long[] chw = captureInput(inputType, false);
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, groupSize,
                outputSize(chw[1]), outputSize(chw[2]), nOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        long[] chw = captureInput(inputType, true);
        if (nIn <= 0 || override) {
            nIn = chw[0];
        } else if (nIn != chw[0]) {
            throw new IllegalArgumentException(describe() + ": nIn (input channels) expected " + nIn
                    + " as configured, found " + chw[0] + " channels in the input type " + inputType);
        }
        inputHeight = chw[1];
        inputWidth = chw[2];
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        if (inputType instanceof InputType.InputTypeConvolutionalFlat flat && inputRank() == 4) {
            return new FeedForwardToCnnPreProcessor(flat.getHeight(), flat.getWidth(), flat.getDepth());
        }
        return null;
    }

    /**
     * Reads {channels, height, width} from an input type, checking that it is the kind this layer takes
     * (images for rank 4, group feature maps with the right group size for rank 5).
     */
    protected long[] captureInput(InputType inputType, boolean strictChannels) {
        Checks.notNull(describe(), "inputType", inputType);
        long c;
        long h;
        long w;
        if (inputRank() == 4) {
            if (inputType instanceof InputType.InputTypeConvolutional conv) {
                if (conv.getFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
                    throw new IllegalArgumentException(describe() + ": input format expected NCHW, found "
                            + conv.getFormat());
                }
                c = conv.getChannels();
                h = conv.getHeight();
                w = conv.getWidth();
            } else if (inputType instanceof InputType.InputTypeConvolutionalFlat flat) {
                c = flat.getDepth();
                h = flat.getHeight();
                w = flat.getWidth();
            } else {
                throw new IllegalArgumentException(describe() + ": input type expected convolutional [B, C, H, W]"
                        + " (InputType.convolutional or convolutionalFlat), found " + inputType);
            }
        } else {
            if (!(inputType instanceof InputType.InputTypeConvolutional3D conv)) {
                throw new IllegalArgumentException(describe() + ": input type expected a group feature map [B, C, G, H, W]"
                        + " (InputType.convolutional3D(NCDHW, G, H, W, C)), found " + inputType);
            }
            if (conv.getDataFormat() != Convolution3D.DataFormat.NCDHW) {
                throw new IllegalArgumentException(describe() + ": input format expected NCDHW, found "
                        + conv.getDataFormat());
            }
            if (conv.getDepth() != inputGroupSize()) {
                throw new IllegalArgumentException(describe() + ": input group size expected " + inputGroupSize()
                        + " (this layer's groupSize), found " + conv.getDepth()
                        + " from the previous layer (group sizes of consecutive layers must agree)");
            }
            c = conv.getChannels();
            h = conv.getHeight();
            w = conv.getWidth();
        }
        if (outputSize(h) < 1 || outputSize(w) < 1) {
            throw new IllegalArgumentException(describe() + ": input height and width expected at least kernelSize "
                    + kernelSize + " with ConvolutionMode.Truncate, found " + h + "x" + w);
        }
        return new long[]{c, h, w};
    }

    /**
     * Checks an input array against this layer (rank, channels, group size, spatial size), before native
     * code sees it.
     *
     * @throws IllegalArgumentException naming the layer, what was expected and what was found
     */
    public void validateInput(INDArray input) {
        if (input.rank() != inputRank()) {
            throw new IllegalArgumentException(describe() + ": input rank expected " + inputRank()
                    + (inputRank() == 4 ? " [B, C, H, W]" : " [B, C, G, H, W]") + ", found rank " + input.rank()
                    + " with shape " + Arrays.toString(input.shape()));
        }
        if (input.size(1) != nIn) {
            throw new IllegalArgumentException(describe() + ": input channels expected " + nIn + ", found "
                    + input.size(1) + " (input shape " + Arrays.toString(input.shape()) + ")");
        }
        if (inputRank() == 5 && input.size(2) != inputGroupSize()) {
            throw new IllegalArgumentException(describe() + ": input group size expected " + inputGroupSize()
                    + ", found " + input.size(2) + " (input shape " + Arrays.toString(input.shape()) + ")");
        }
        long h = input.size(input.rank() - 2);
        long w = input.size(input.rank() - 1);
        if ((inputHeight > 0 && h != inputHeight) || (inputWidth > 0 && w != inputWidth)) {
            throw new IllegalArgumentException(describe() + ": input height x width expected " + inputHeight + "x"
                    + inputWidth + " (from the network's input type), found " + h + "x" + w);
        }
        if (outputSize(h) < 1 || outputSize(w) < 1) {
            throw new IllegalArgumentException(describe() + ": input height and width expected at least kernelSize "
                    + kernelSize + ", found " + h + "x" + w);
        }
    }

    /** Checks the options every group convolution shares; subclasses call it from their constructor. */
    protected void validateCommon() {
        String me = describe();
        if (nIn < 0) {
            throw new IllegalArgumentException(me + ": nIn must be positive (or 0 to take it from the input type), found " + nIn);
        }
        Checks.positive(me, "nOut", nOut);
        Checks.positive(me, "kernelSize", kernelSize);
        Checks.positive(me, "groupSize", groupSize);
        Checks.notNull(me, "convolutionMode", convolutionMode);
        if (convolutionMode != ConvolutionMode.Truncate && convolutionMode != ConvolutionMode.Same) {
            throw new IllegalArgumentException(me + ": convolutionMode expected Truncate or Same, found " + convolutionMode);
        }
        if (convolutionMode == ConvolutionMode.Same && kernelSize % 2 == 0) {
            throw new IllegalArgumentException(me + ": kernelSize expected odd with ConvolutionMode.Same (symmetric"
                    + " padding), found " + kernelSize);
        }
    }

    /**
     * Builder options every group convolution shares.
     *
     * @param <T> the concrete builder
     */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends WsnnBaseLayer.Builder<T> {
        protected int kernelSize;
        protected int groupSize;
        protected ConvolutionMode convolutionMode = ConvolutionMode.Truncate;
        protected boolean hasBias = true;

        /** Side k of the square kernel. */
        public T kernelSize(int kernelSize) {
            this.kernelSize = kernelSize;
            return (T) this;
        }

        /** Size G of the output group axis. */
        public T groupSize(int groupSize) {
            this.groupSize = groupSize;
            return (T) this;
        }

        /** {@code Truncate} (no padding, default) or {@code Same} (odd kernels). */
        public T convolutionMode(ConvolutionMode convolutionMode) {
            this.convolutionMode = convolutionMode;
            return (T) this;
        }

        /** Whether the layer has one bias per output channel (default true). */
        public T hasBias(boolean hasBias) {
            this.hasBias = hasBias;
            return (T) this;
        }
    }
}
