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
 * in a MultiLayerNetwork and a ComputationGraph. These are also what notices if a DL4J release fixes the
 * doubled SameDiff gradients (the correction in {@code CorrectedSameDiffLayer} would then be wrong).
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

    /**
     * A minimal SameDiff layer y = x·W (parameter W [nIn, nOut]) on wsnn's corrected SameDiff runtime
     * ({@link org.wsnn.layers.runtime.CorrectedSameDiffLayer}, which {@link SinkhornLayer} runs on): the
     * gradient check below proves the 2x correction, the stock runtime is the negative control.
     */
    static class SameDiffLinear extends WsnnSameDiffLayer {
        private long nIn;
        private long nOut;

        SameDiffLinear() {
        }

        SameDiffLinear(long nIn, long nOut) {
            this.nIn = nIn;
            this.nOut = nOut;
        }

        public long getNIn() {
            return nIn;
        }

        public void setNIn(long nIn) {
            this.nIn = nIn;
        }

        public long getNOut() {
            return nOut;
        }

        public void setNOut(long nOut) {
            this.nOut = nOut;
        }

        @Override
        public void defineParameters(org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams params) {
            params.clear();
            params.addWeightParam("W", nIn, nOut);
        }

        @Override
        public void initializeParameters(java.util.Map<String, INDArray> params) {
            params.get("W").assign(Nd4j.rand(params.get("W").dataType(), params.get("W").shape()).subi(0.5));
        }

        @Override
        public org.nd4j.autodiff.samediff.SDVariable defineLayer(org.nd4j.autodiff.samediff.SameDiff sd,
                org.nd4j.autodiff.samediff.SDVariable input, java.util.Map<String, org.nd4j.autodiff.samediff.SDVariable> params,
                org.nd4j.autodiff.samediff.SDVariable mask) {
            return input.mmul(params.get("W"));
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return InputType.feedForward(nOut);
        }

        @Override
        public void setNIn(InputType inputType, boolean override) {
        }

        @Override
        public org.deeplearning4j.nn.conf.InputPreProcessor getPreProcessorForInputType(InputType inputType) {
            return null;
        }
    }

    /** The same layer on DL4J's stock SameDiff runtime, without the 2x gradient correction. */
    static class StockSameDiffLinear extends SameDiffLinear {
        StockSameDiffLinear() {
        }

        StockSameDiffLinear(long nIn, long nOut) {
            super(nIn, nOut);
        }

        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners, int index,
                INDArray params, boolean initialize, DataType type) {
            org.deeplearning4j.nn.layers.samediff.SameDiffLayer layer =
                    new org.deeplearning4j.nn.layers.samediff.SameDiffLayer(conf, type);
            layer.setIndex(index);
            layer.setParamsViewArray(params);
            layer.setParamTable(initializer().init(conf, params, initialize));
            layer.setConf(conf);
            return layer;
        }
    }

    private static boolean checkLinear(SameDiffLinear layer) {
        MultiLayerConfiguration conf = base().list().layer(layer)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(2).build())
                .setInputType(InputType.feedForward(4))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(Nd4j.rand(DataType.DOUBLE, 2, 4)).labels(oneHot(2, 2))
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).exitOnFirstError(true));
    }

    @Test
    void correctedSameDiffRuntime() {
        assertTrue(checkLinear(new SameDiffLinear(4, 3)), "gradient check of a SameDiff layer on the corrected runtime");
    }

    @Test
    void sameDiffDebugLineStaysOffStandardOutput() {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream corrected = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream stock = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(corrected, true));
            fitOnce(new SameDiffLinear(4, 3));
            System.out.println("printed by the caller");
            System.setOut(new java.io.PrintStream(stock, true));
            fitOnce(new StockSameDiffLinear(4, 3));
        } finally {
            System.setOut(saved);
        }
        assertTrue(!corrected.toString().contains("Added differentiated op"), corrected.toString());
        assertTrue(corrected.toString().contains("printed by the caller"), "other output passes: " + corrected);
        assertTrue(stock.toString().contains("Added differentiated op"),
                "control: DL4J's stock runtime prints the line (if not, the filter can go): " + stock);
    }

    private static void fitOnce(org.deeplearning4j.nn.conf.layers.Layer layer) {
        MultiLayerNetwork net = new MultiLayerNetwork(base().list().layer(layer)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(2).build())
                .setInputType(InputType.feedForward(4)).build());
        net.init();
        net.fit(Nd4j.rand(DataType.DOUBLE, 2, 4), oneHot(2, 2));
    }

    @Test
    void negativeControlUncorrectedRuntimeFails() {
        boolean ok = checkLinear(new StockSameDiffLinear(4, 3));
        assertTrue(!ok, "negative control: DL4J M2.1's stock SameDiff runtime doubles gradients, so the check must fail;"
                + " if it passes, DL4J fixed the bug and CorrectedSameDiffLayer.GRADIENT_CORRECTION must become 1");
    }
}
