package org.wsnn.layers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.sinkhorn.Sinkhorn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear exception naming the layer, the field, what was expected and what was found. */
class ValidationTest {

    private static void assertMessage(Executable action, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    private static WeightSharingLifting.Builder lift() {
        return new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(4);
    }

    @Test
    void builderRejectsBadSizes() {
        assertMessage(() -> lift().nOut(0).build(), "WeightSharingLifting", "nOut", "positive", "found 0");
        assertMessage(() -> lift().kernelSize(-1).build(), "kernelSize", "found -1");
        assertMessage(() -> lift().groupSize(0).build(), "groupSize", "found 0");
        assertMessage(() -> lift().sinkhornIterations(0).build(), "sinkhornIterations", "found 0");
        assertMessage(() -> lift().nIn(-2).build(), "nIn", "found -2");
        assertMessage(() -> lift().normPenalty(-0.1).build(), "normPenalty", "found -0.1");
        assertMessage(() -> lift().entropyPenalty(Double.NaN).build(), "entropyPenalty", "NaN");
        assertMessage(() -> new WeightSharingGroupConv.Builder().name("g7").nOut(2).kernelSize(4).groupSize(4)
                .convolutionMode(ConvolutionMode.Same).build(), "'g7'", "kernelSize", "odd", "found 4");
        assertMessage(() -> lift().convolutionMode(ConvolutionMode.Strict).build(), "convolutionMode", "Strict");
        assertMessage(() -> lift().groupSize(3).fixedGroup(FixedGroup.C4).build(), "groupSize", "expected 4", "found 3");
        assertMessage(() -> new SinkhornLayer.Builder().iterations(0).build(), "SinkhornLayer", "iterations", "found 0");
        assertMessage(() -> new SinkhornLayer.Builder().temperature(0).build(), "temperature", "found 0.0");
        assertMessage(() -> new GroupPooling.Builder().poolingType(org.deeplearning4j.nn.conf.layers.PoolingType.SUM).build(),
                "poolingType", "SUM");
    }

    @Test
    void buildRejectsMismatchedLayers() {
        assertMessage(() -> new NeuralNetConfiguration.Builder().list()
                        .layer(lift().build())
                        .layer(new WeightSharingGroupConv.Builder().name("next").nOut(2).kernelSize(3).groupSize(8).build())
                        .setInputType(InputType.convolutional(9, 9, 1)).build(),
                "'next'", "group size expected 8", "found 4");
        // DL4J's default (overrideNinUponBuild = true) replaces nIn from the input type, as for its own layers;
        // without override an explicit nIn that disagrees with the input type is an error at build.
        assertMessage(() -> new NeuralNetConfiguration.Builder().list()
                        .layer(lift().nIn(3).build())
                        .overrideNinUponBuild(false)
                        .setInputType(InputType.convolutional(9, 9, 1)).build(),
                "nIn", "expected 3", "found 1");
        assertMessage(() -> new NeuralNetConfiguration.Builder().list()
                        .layer(new WeightSharingGroupConv.Builder().nOut(2).kernelSize(3).groupSize(4).build())
                        .setInputType(InputType.convolutional(9, 9, 1)).build(),
                "group feature map", "found");
        assertMessage(() -> new NeuralNetConfiguration.Builder().list()
                        .layer(lift().kernelSize(5).build())
                        .setInputType(InputType.convolutional(4, 9, 1)).build(),
                "at least kernelSize 5", "found 4x9");
    }

    @Test
    void outputAndFitRejectWrongInput() {
        MultiLayerNetwork net = TestNets.stack(InputType.convolutional(9, 9, 2), DataType.FLOAT,
                lift().build(), new WeightSharingGroupConv.Builder().nOut(2).kernelSize(3).groupSize(4).build());
        assertMessage(() -> net.output(Nd4j.rand(DataType.FLOAT, 2, 3, 9, 9)), "input channels expected 2", "found 3");
        assertMessage(() -> net.output(Nd4j.rand(DataType.FLOAT, 2, 2, 9, 7)), "expected 9x9", "found 9x7");
        MultiLayerNetwork group = TestNets.stack(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 4, 9, 9, 2),
                DataType.FLOAT, new WeightSharingGroupConv.Builder().nOut(2).kernelSize(3).groupSize(4).build());
        assertMessage(() -> group.output(Nd4j.rand(DataType.FLOAT, 2, 2, 9, 9)), "input rank expected 5", "found rank 4");
        assertMessage(() -> group.output(Nd4j.rand(DataType.FLOAT, 2, 2, 3, 9, 9)), "input group size expected 4", "found 3");
        MultiLayerNetwork classifier = TestNets.stack(InputType.convolutional(9, 9, 2), DataType.FLOAT,
                lift().build(), new GroupPooling.Builder().build(),
                new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer(),
                new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build());
        assertMessage(() -> classifier.fit(Nd4j.rand(DataType.FLOAT, 2, 5, 9, 9), Nd4j.rand(DataType.FLOAT, 2, 2)),
                "input channels expected 2", "found 5");
    }

    @Test
    void nanLogitsAreRejected() {
        assertMessage(() -> Sinkhorn.normalize(Nd4j.create(new double[][]{{1, Double.NaN}, {0, 1}}), 5), "NaN");
        MultiLayerNetwork net = TestNets.stack(InputType.recurrent(2, 2), DataType.FLOAT, new SinkhornLayer.Builder().build());
        assertMessage(() -> net.output(Nd4j.create(new float[][][]{{{1, Float.NaN}, {0, 1}}})), "SinkhornLayer", "NaN");
        assertMessage(() -> Sinkhorn.normalize(Nd4j.rand(2, 3), 5), "square", "2x3");
    }
}
