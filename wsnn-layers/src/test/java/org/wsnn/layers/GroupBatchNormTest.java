package org.wsnn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GroupBatchNorm}: 2C parameters, batch statistics per channel over (batch, group, space), running
 * statistics (PyTorch's momentum and unbiased variance) used at inference and kept through a ModelSerializer
 * round trip, and double-precision gradient checks on group feature maps and on {@code [B, C]}.
 */
class GroupBatchNormTest {

    private static <T> T inDouble(Supplier<T> body) {
        DataType savedDefault = Nd4j.dataType();
        DataType savedFloating = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            return body.get();
        } finally {
            Nd4j.setDefaultDataTypes(savedDefault, savedFloating);
        }
    }

    private static INDArray oneHot(int batch, int classes) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, classes);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, (i * 7) % classes, 1.0);
        }
        return labels;
    }

    /** in [B, 3, G=2, 3, 3] → 1×1×1 conv (3→2) → GroupBatchNorm → tanh → mean → softmax(3). */
    private static ComputationGraph groupNet(DataType type) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(type)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 2, 3, 3, 3))
                .addLayer("conv", new Convolution3D.Builder().kernelSize(1, 1, 1).stride(1, 1, 1).nOut(2)
                        .dataFormat(Convolution3D.DataFormat.NCDHW).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new GroupBatchNorm.Builder().build(), "conv")
                .addLayer("act", new ActivationLayer.Builder().activation(Activation.TANH).build(), "bn")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "act")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(3).build(), "gap")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @Test
    void parametersAndBatchStatistics() {
        ComputationGraph net = groupNet(DataType.FLOAT);
        assertEquals(4, net.getLayer("bn").numParams(), "gamma + beta per channel (2C), no running statistics");
        assertArrayEquals(new long[]{1, 2}, net.getLayer("bn").getParam(GroupBatchNorm.GAMMA).shape(), "gamma [1, C]");
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2, 2, 3, 3).muli(3).addi(1);
        org.deeplearning4j.nn.api.Layer bn = net.getLayer("bn");
        bn.setInput(x, LayerWorkspaceMgr.noWorkspaces());
        INDArray y = bn.activate(true, LayerWorkspaceMgr.noWorkspaces());
        assertArrayEquals(x.shape(), y.shape(), "shape-preserving");
        for (int c = 0; c < 2; c++) {
            INDArray channel = y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c));
            assertEquals(0.0, channel.meanNumber().doubleValue(), 1e-5, "channel " + c + " mean over (B, G, H, W)");
            assertEquals(1.0, channel.varNumber().doubleValue() * (channel.length() - 1) / channel.length(), 1e-3,
                    "channel " + c + " biased variance");
        }
        GroupBatchNorm conf = (GroupBatchNorm) bn.conf().getLayer();
        INDArray x0 = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0));
        double n = x0.length();
        assertEquals(0.1 * x0.meanNumber().doubleValue(), conf.getRunningMean()[0], 1e-5, "running mean, momentum 0.1");
        assertEquals(0.9 + 0.1 * x0.varNumber().doubleValue(), conf.getRunningVar()[0], 1e-4,
                "running variance (unbiased), momentum 0.1; n = " + n);
        INDArray inference = bn.activate(false, LayerWorkspaceMgr.noWorkspaces());
        INDArray expected = x0.sub(conf.getRunningMean()[0]).divi(Math.sqrt(conf.getRunningVar()[0] + 1e-5));
        assertTrue(expected.equalsWithEps(inference.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0)), 1e-4), "inference uses the running statistics");
    }

    @Test
    void runningStatisticsSurviveSerialisation(@TempDir File dir) throws Exception {
        ComputationGraph net = groupNet(DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 2, 3, 3).muli(2).addi(0.5);
        for (int i = 0; i < 3; i++) {
            net.fit(new org.nd4j.linalg.dataset.DataSet(x, oneHot(4, 3).castTo(DataType.FLOAT)));
        }
        double[] mean = ((GroupBatchNorm) net.getLayer("bn").conf().getLayer()).getRunningMean().clone();
        assertNotEquals(0.0, mean[0], "running mean moved");
        File file = new File(dir, "bn.zip");
        ModelSerializer.writeModel(net, file, false);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, false);
        assertArrayEquals(mean, ((GroupBatchNorm) back.getLayer("bn").conf().getLayer()).getRunningMean(), 0.0,
                "running mean restored");
        assertTrue(net.outputSingle(x).equalsWithEps(back.outputSingle(x), 1e-6), "same inference outputs");
        assertEquals(net.getConfiguration(), back.getConfiguration(), "configuration equality ignores the buffers");
        ComputationGraph copy = net.clone();
        copy.fit(new org.nd4j.linalg.dataset.DataSet(x.mul(5), oneHot(4, 3).castTo(DataType.FLOAT)));
        assertArrayEquals(mean, ((GroupBatchNorm) net.getLayer("bn").conf().getLayer()).getRunningMean(), 0.0,
                "a clone has its own running statistics");
    }

    @Test
    void gradientCheckOnGroupFeatureMaps() {
        boolean ok = inDouble(() -> {
            Nd4j.getRandom().setSeed(11);
            ComputationGraph net = groupNet(DataType.DOUBLE);
            net.getLayer("bn").getParam(GroupBatchNorm.GAMMA).assign(Nd4j.createFromArray(0.7, -1.3).reshape(1, 2));
            net.getLayer("bn").getParam(GroupBatchNorm.BETA).assign(Nd4j.createFromArray(0.2, -0.4).reshape(1, 2));
            INDArray input = Nd4j.randn(DataType.DOUBLE, 2, 3, 2, 3, 3);
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(new INDArray[]{input}).labels(new INDArray[]{oneHot(2, 3)})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        });
        assertTrue(ok, "gradient check: conv 1x1x1 -> GroupBatchNorm on [B, C, G, H, W] -> tanh -> mean -> softmax");
    }

    @Test
    void gradientCheckOnFeatureVectors() {
        boolean ok = inDouble(() -> {
            Nd4j.getRandom().setSeed(12);
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(6).dataType(DataType.DOUBLE)
                    .updater(new NoOp()).graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(3))
                    .addLayer("fc", new DenseLayer.Builder().nOut(4).hasBias(false).activation(Activation.IDENTITY)
                            .build(), "in")
                    .addLayer("bn", new GroupBatchNorm.Builder().build(), "fc")
                    .addLayer("act", new ActivationLayer.Builder().activation(Activation.TANH).build(), "bn")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .activation(Activation.SOFTMAX).nOut(3).build(), "act")
                    .setOutputs("out").build();
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            net.getLayer("bn").getParam(GroupBatchNorm.GAMMA).assign(Nd4j.createFromArray(0.7, -1.3, 1.1, 0.5).reshape(1, 4));
            INDArray input = Nd4j.randn(DataType.DOUBLE, 5, 3);
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(new INDArray[]{input}).labels(new INDArray[]{oneHot(5, 3)})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        });
        assertTrue(ok, "gradient check: dense -> GroupBatchNorm on [B, C] -> tanh -> softmax");
    }
}
