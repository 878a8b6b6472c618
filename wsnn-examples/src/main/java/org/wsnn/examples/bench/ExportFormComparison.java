package org.wsnn.examples.bench;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.layers.PlainGroupConvolution;

/**
 * Which plain-convolution layer an exported network should use: the same convolution (the WSCNN's first
 * group layer seen as a plain one, C·G = 128 → 128 channels, k = 5, no padding) as wsnn's
 * {@link PlainGroupConvolution} (native conv2d, OIYX filters) and as DL4J's own {@link ConvolutionLayer},
 * each alone in a network, timed by {@code output} (inference, median).
 */
final class ExportFormComparison {

    /** Median inference milliseconds of the two forms. */
    record Result(double plainGroupConvolutionMs, double convolutionLayerMs) {
    }

    private ExportFormComparison() {
    }

    static Result measure(long batch, int warmup, int runs) {
        int channels = 128;
        int size = 24;
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, channels, size, size);
        MultiLayerNetwork plain = single(new PlainGroupConvolution.Builder().nIn(channels).nOut(channels)
                .kernelSize(5).groupSize(1).build(), channels, size);
        MultiLayerNetwork dl4j = single(new ConvolutionLayer.Builder(5, 5).nIn(channels).nOut(channels)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(), channels, size);
        double plainMs = StepTimer.time(() -> plain.output(x), warmup, runs).medianMs();
        double dl4jMs = StepTimer.time(() -> dl4j.output(x), warmup, runs).medianMs();
        return new Result(plainMs, dl4jMs);
    }

    private static MultiLayerNetwork single(Layer layer, int channels, int size) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).list().layer(layer)
                .setInputType(InputType.convolutional(size, size, channels)).build());
        net.init();
        return net;
    }
}
