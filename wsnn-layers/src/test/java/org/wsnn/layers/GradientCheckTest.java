package org.wsnn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double-precision gradient checks (DL4J's {@link GradientCheckUtil}) of every layer and both penalties,
 * in a MultiLayerNetwork and a ComputationGraph, on the layers' native runtimes (no wsnn layer runs as a
 * SameDiff graph any more, so DL4J 1.0.0-M2.1's doubled SameDiff-layer gradients no longer concern them).
 */
class GradientCheckTest {

    private DataType savedDefault;
    private DataType savedFloating;

    @BeforeEach
    void doublePrecision() {
        savedDefault = Nd4j.dataType();
        savedFloating = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(42);
    }

    @AfterEach
    void restorePrecision() {
        Nd4j.setDefaultDataTypes(savedDefault, savedFloating);
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE).updater(new NoOp());
    }

    private static INDArray oneHot(int batch, int classes) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, classes);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, i % classes, 1.0);
        }
        return labels;
    }

    @Test
    void multiLayerNetworkWithPenalties() {
        MultiLayerConfiguration conf = base().list()
                .layer(new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(2)
                        .normPenalty(0.3).entropyPenalty(0.05).sinkhornIterations(5).build())
                .layer(new WeightSharingGroupConv.Builder().nOut(2).kernelSize(3).groupSize(2)
                        .convolutionMode(ConvolutionMode.Same).normPenalty(0.2).entropyPenalty(0.02)
                        .sinkhornIterations(5).build())
                .layer(new GroupLayerNorm.Builder().build())
                .layer(new GroupPooling.Builder().poolingType(PoolingType.AVG).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(3).build())
                .setInputType(InputType.convolutional(6, 5, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 1, 6, 5);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(oneHot(2, 3)).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check of lifting -> group conv (Same) -> layer norm -> group pooling with norm and entropy penalties");
    }

    @Test
    void layerActivationsAndBiasInitAreDifferentiated() {
        MultiLayerConfiguration conf = base().list()
                .layer(new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(2).sinkhornIterations(4)
                        .activation(Activation.TANH).biasInit(0.3).build())
                .layer(new GroupPooling.Builder().poolingType(PoolingType.AVG).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new WeightSharingDense.Builder().nOut(2).groupSize(2).sinkhornIterations(4)
                        .activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(3).build())
                .setInputType(InputType.convolutional(5, 5, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray b = net.getLayer(0).getParam("b");
        assertTrue(b.minNumber().doubleValue() == 0.3 && b.maxNumber().doubleValue() == 0.3, "biasInit honoured: " + b);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 1, 5, 5);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(oneHot(2, 3)).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check through a tanh lifting layer and a sigmoid weight-sharing dense layer");
    }

    @Test
    void computationGraphWithFixedGroupAndMaxPooling() {
        ComputationGraphConfiguration conf = base().graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutionalFlat(5, 6, 1))
                .addLayer("lift", new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(2)
                        .fixIdentity(false).sinkhornIterations(4).normPenalty(0.1).build(), "in")
                .addLayer("norm", new GroupLayerNorm.Builder().relu(true).epsilon(1e-3).build(), "lift")
                .addLayer("fixed", new WeightSharingGroupConv.Builder().nOut(2).kernelSize(2).groupSize(2)
                        .fixedGroup(FixedGroup.FLIP).hasBias(false).build(), "norm")
                .addLayer("pool", new GroupPooling.Builder().poolingType(PoolingType.MAX).build(), "fixed")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(2).build(), "gap")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 30);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[]{input}).labels(new INDArray[]{oneHot(2, 2)})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check of flat input -> lifting (no fixed identity) -> layer norm + ReLU -> fixed FLIP group conv -> max pooling");
    }

    @Test
    void plainGroupConvolutionInAGraph() {
        ComputationGraph net = new ComputationGraph(base().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(6, 6, 2))
                .addLayer("lift", new PlainGroupConvolution.Builder().nOut(2).kernelSize(3).groupSize(3).build(), "in")
                .addLayer("g", new PlainGroupConvolution.Builder().nOut(2).kernelSize(2).groupSize(3).inputGroups(3)
                        .convolutionMode(ConvolutionMode.Truncate).build(), "lift")
                .addLayer("pool", new GroupPooling.Builder().build(), "g")
                .addLayer("gap", new GlobalPoolingLayer.Builder(
                        PoolingType.AVG).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(3).build(), "gap")
                .setOutputs("out").build());
        net.init();
        for (String layer : new String[]{"lift", "g"}) {
            net.getLayer(layer).getParam("b").assign(Nd4j.randn(DataType.DOUBLE, 1, 2));
        }
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 6, 6);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[]{x}).labels(new INDArray[]{oneHot(2, 3)}).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check of image -> plain group convolution -> plain group convolution on group maps");
    }

    @Test
    void sinkhornLayer() {
        MultiLayerConfiguration conf = base().list()
                .layer(new SinkhornLayer.Builder().iterations(6).temperature(0.7).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(3).build())
                .setInputType(InputType.recurrent(3, 3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray input = Nd4j.randn(DataType.DOUBLE, 2, 3, 3);
        INDArray labels = Nd4j.rand(DataType.DOUBLE, 2, 3, 3);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check through the Sinkhorn layer");
    }
}
