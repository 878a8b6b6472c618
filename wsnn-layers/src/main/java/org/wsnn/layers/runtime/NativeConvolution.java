package org.wsnn.layers.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's native {@code conv2d} and {@code conv2d_bp} ops (oneDNN on the default CPU backend), called
 * directly: NCHW input, filters in the layout the config names ({@code OIYX [oC, iC, k, k]} for wsnn's
 * layers: oneDNN's own layout, so neither side permutes them), optional bias {@code [oC]}.
 */
final class NativeConvolution {

    private NativeConvolution() {
    }

    /** y = conv2d(x, filters) + bias, written into {@code output}. */
    static void forward(INDArray input, INDArray filters, INDArray bias, INDArray output, Conv2DConfig config) {
        Nd4j.exec(new Conv2D(input, filters, bias, output, config));
    }

    /**
     * Gradients of conv2d with respect to input, filters and bias, written into the given arrays
     * ({@code gradBias} null when there is no bias).
     */
    static void backward(INDArray input, INDArray filters, INDArray bias, INDArray gradOutput, INDArray gradInput,
                         INDArray gradFilters, INDArray gradBias, Conv2DConfig config) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp");
        if (bias == null) {
            op.addInputs(input, filters, gradOutput).addOutputs(gradInput, gradFilters);
        } else {
            op.addInputs(input, filters, bias, gradOutput).addOutputs(gradInput, gradFilters, gradBias);
        }
        op.addIntegerArguments((int) config.getKH(), (int) config.getKW(), (int) config.getSH(), (int) config.getSW(),
                (int) config.getPH(), (int) config.getPW(), (int) config.getDH(), (int) config.getDW(),
                config.getPaddingMode().index, "NCHW".equalsIgnoreCase(config.getDataFormat()) ? 0 : 1,
                config.getWeightsFormat().ordinal());
        Nd4j.exec(op.build());
    }
}
