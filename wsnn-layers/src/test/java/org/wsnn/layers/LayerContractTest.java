package org.wsnn.layers;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DL4J layer contract, each clause checked on a wsnn layer beside a stock {@link ConvolutionLayer}
 * control: fine-tune configurations, every weight init, dropout in training only, weight noise,
 * constraints, memory reports, input casting, the data types refused, {@code summary()}.
 */
class LayerContractTest {

    private static final int K = 3;

    private static WeightSharingLifting.Builder lifting() {
        return new WeightSharingLifting.Builder().nIn(1).nOut(4).kernelSize(K).groupSize(4).normPenalty(0.1);
    }

    private static ConvolutionLayer.Builder stockConv() {
        return new ConvolutionLayer.Builder(K, K).nIn(1).nOut(4).activation(Activation.IDENTITY);
    }

    /** input → layer → global average pooling → softmax output, 7 × 7 single-channel images. */
    private static MultiLayerNetwork net(Layer layer, DataType type, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(new Adam(0.01)).list()
                .layer(layer)
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(2).build())
                .setInputType(InputType.convolutional(7, 7, 1)).build());
        net.init();
        return net;
    }

    private static INDArray images(DataType type) {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.rand(type, 3, 1, 7, 7);
    }

    private static INDArray labels(DataType type) {
        return Nd4j.eye(2).castTo(type).getRows(0, 1, 0);
    }

    @Test
    void fineTuneSettingsReachWeightsAndBiasesAsForConvolutionLayer() {
        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder().updater(new Sgd(0.5))
                .biasUpdater(new Nesterovs(0.2)).l2(0.03).dropOut(0.8).build();
        for (boolean ownRepresentationUpdater : new boolean[]{false, true}) {
            WeightSharingLifting.Builder b = lifting();
            if (ownRepresentationUpdater) {
                b.representationUpdater(new Adam(0.02));
            }
            for (Layer layer : new Layer[]{b.build(), stockConv().build()}) {
                MultiLayerNetwork tuned = new TransferLearning.Builder(net(layer, DataType.FLOAT, 1))
                        .fineTuneConfiguration(fineTune).build();
                org.deeplearning4j.nn.conf.layers.BaseLayer conf =
                        (org.deeplearning4j.nn.conf.layers.BaseLayer) tuned.getLayer(0).conf().getLayer();
                String what = conf.getClass().getSimpleName() + (ownRepresentationUpdater ? " (own R updater)" : "");
                assertEquals(new Sgd(0.5), conf.getUpdaterByParam("W"), what + ": updater of W");
                assertEquals(new Nesterovs(0.2), conf.getUpdaterByParam("b"), what + ": bias updater");
                assertTrue(conf.getRegularizationByParam("W").stream().anyMatch(r -> r instanceof L2Regularization),
                        what + ": l2 on W " + conf.getRegularizationByParam("W"));
                assertTrue(conf.getIDropout() != null, what + ": dropout set");
                if (conf instanceof WeightSharingLifting ws) {
                    assertEquals(ownRepresentationUpdater ? new Adam(0.02) : new Sgd(0.5), ws.getUpdaterByParam("R"),
                            what + ": R keeps its own updater, else takes the fine-tune one");
                    assertTrue(ws.getRegularizationByParam("R").stream().anyMatch(r -> r instanceof L2Regularization),
                            what + ": the l2 reaches R too (regularizeRepresentations defaults to true)");
                }
                tuned.fit(images(DataType.FLOAT), labels(DataType.FLOAT));   // and it trains
            }
        }
    }

    @Test
    void everyWeightInitIsHonouredForWExactlyAsForConvolutionLayer() {
        List<WeightInit> checked = new ArrayList<>();
        for (WeightInit init : WeightInit.values()) {
            INDArray stock;
            try {
                stock = net(stockConv().weightInit(init).build(), DataType.DOUBLE, 42).getLayer(0).getParam("W");
            } catch (RuntimeException e) {
                continue;   // needs more configuration (a distribution) or a special shape in DL4J itself
            }
            // G = 1 with the fixed identity: W has ConvolutionLayer's shape and fans, and no logits are drawn
            WeightSharingLifting one = new WeightSharingLifting.Builder().nIn(1).nOut(4).kernelSize(K).groupSize(1)
                    .weightInit(init).build();
            INDArray mine = net(one, DataType.DOUBLE, 42).getLayer(0).getParam("W");
            assertEquals(stock, mine, init + ": W as ConvolutionLayer initialises it");
            checked.add(init);
        }
        assertTrue(checked.size() >= 15, "most WeightInit values checked: " + checked);
        // negative control: without weightInit the default is PyTorch's U(-1/sqrt(fanIn), 1/sqrt(fanIn)), not Xavier
        INDArray byDefault = net(new WeightSharingLifting.Builder().nIn(1).nOut(4).kernelSize(K).groupSize(1).build(),
                DataType.DOUBLE, 42).getLayer(0).getParam("W");
        assertTrue(byDefault.amaxNumber().doubleValue() <= 1.0 / K, "within 1/sqrt(9): " + byDefault.amaxNumber());
        assertNotEquals(net(stockConv().weightInit(WeightInit.XAVIER).build(), DataType.DOUBLE, 42).getLayer(0)
                .getParam("W"), byDefault);
        assertEquals(0.0, net(lifting().weightInit(WeightInit.ZERO).build(), DataType.DOUBLE, 1).getLayer(0)
                .getParam("W").amaxNumber().doubleValue(), 0.0, "ZERO on a G = 4 layer");
    }

    @Test
    void dropoutAndWeightNoiseApplyInTrainingOnly() {
        for (Layer layer : new Layer[]{lifting().dropOut(0.5).build(), stockConv().dropOut(0.5).build(),
            lifting().weightNoise(new DropConnect(0.5)).build(), stockConv().weightNoise(new DropConnect(0.5)).build()}) {
            MultiLayerNetwork net = net(layer, DataType.FLOAT, 3);
            String what = layer.getClass().getSimpleName() + (((org.deeplearning4j.nn.conf.layers.BaseLayer) layer)
                    .getWeightNoise() != null ? " with DropConnect" : " with dropout");
            INDArray x = images(DataType.FLOAT);
            INDArray a = net.feedForward(x, true).get(1).dup();
            INDArray b = net.feedForward(x, true).get(1).dup();
            assertNotEquals(a, b, what + ": two training passes differ");
            assertEquals(net.feedForward(x, false).get(1), net.feedForward(x, false).get(1),
                    what + ": inference is deterministic");
            net.fit(x, labels(DataType.FLOAT));   // backprop through the mask
            assertTrue(Double.isFinite(net.score()), what + ": trains");
        }
        // negative control: without dropout two training passes agree
        MultiLayerNetwork plain = net(lifting().build(), DataType.FLOAT, 3);
        INDArray x = images(DataType.FLOAT);
        assertEquals(plain.feedForward(x, true).get(1), plain.feedForward(x, true).get(1));
    }

    @Test
    void weightConstraintsApplyToW() {
        MultiLayerNetwork net = net(lifting().weightInit(WeightInit.ONES).constrainWeights(new MaxNormConstraint(0.5, 1, 2, 3))
                .build(), DataType.FLOAT, 5);
        net.fit(images(DataType.FLOAT), labels(DataType.FLOAT));
        INDArray w = net.getLayer(0).getParam("W");
        double maxNorm = w.norm2(1, 2, 3).maxNumber().doubleValue();
        assertTrue(maxNorm <= 0.5 + 1e-5, "max norm of a base kernel after a step: " + maxNorm);
    }

    @Test
    void memoryReportMatchesTheParametersAndUpdaterStateMeasured() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(0.01))
                .graphBuilder().addInputs("in")
                .addLayer("lift", lifting().build(), "in")
                .addLayer("conv", new WeightSharingGroupConv.Builder().nOut(3).kernelSize(K).groupSize(4).build(), "lift")
                .addLayer("pool", new GroupPooling.Builder().build(), "conv")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(2).build(), "gap")
                .setOutputs("out").setInputTypes(InputType.convolutional(9, 9, 1)).build();
        MemoryReport report = conf.getMemoryReport(InputType.convolutional(9, 9, 1));
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        net.fit(new INDArray[]{Nd4j.rand(DataType.FLOAT, 2, 1, 9, 9)}, new INDArray[]{Nd4j.eye(2).castTo(DataType.FLOAT)});
        long measured = (net.params().length() + net.getUpdater().getStateViewArray().length()) * 4;
        long reported = 0;
        for (org.deeplearning4j.nn.conf.memory.LayerMemoryReport l : layerReports(report)) {
            reported += (l.getParameterSize() + l.getUpdaterStateSize()) * 4;
        }
        assertEquals(measured, reported, "parameters + Adam state in bytes, measured on the network: " + report);
        assertTrue(report.getTotalMemoryBytes(32, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT)
                > report.getTotalMemoryBytes(32, MemoryUseMode.INFERENCE, CacheMode.NONE, DataType.FLOAT), "training needs more");
    }

    private static List<org.deeplearning4j.nn.conf.memory.LayerMemoryReport> layerReports(MemoryReport report) {
        return ((org.deeplearning4j.nn.conf.memory.NetworkMemoryReport) report).getLayerAndVertexReports().values()
                .stream().filter(r -> r instanceof org.deeplearning4j.nn.conf.memory.LayerMemoryReport)
                .map(r -> (org.deeplearning4j.nn.conf.memory.LayerMemoryReport) r).toList();
    }

    @Test
    void inputOfAnotherFloatingTypeIsCastAndHalfIsRefusedAtInit() {
        for (Layer layer : new Layer[]{lifting().build(), stockConv().build()}) {
            MultiLayerNetwork net = net(layer, DataType.DOUBLE, 2);
            INDArray asDouble = net.output(images(DataType.DOUBLE));
            INDArray fromFloat = net.output(images(DataType.FLOAT));
            assertEquals(DataType.DOUBLE, fromFloat.dataType(), layer.getClass().getSimpleName());
            assertTrue(asDouble.equalsWithEps(fromFloat, 1e-6), layer.getClass().getSimpleName() + ": FLOAT input cast");
            net.fit(images(DataType.FLOAT), labels(DataType.FLOAT));
        }
        IllegalStateException half = assertThrows(IllegalStateException.class,
                () -> net(lifting().name("lift").build(), DataType.HALF, 1));
        assertTrue(half.getMessage().contains("WeightSharingLifting 'lift'") && half.getMessage().contains("HALF")
                && half.getMessage().contains("FLOAT or DOUBLE"), half.getMessage());
    }

    @Test
    void summaryShowsInputsOutputsAndTheConfigurationClass() {
        MultiLayerNetwork net = net(lifting().build(), DataType.FLOAT, 1);
        String summary = net.summary();
        String row = summary.lines().filter(l -> l.contains("layer0") || l.startsWith("0 ")).findFirst()
                .orElse(summary.lines().skip(3).findFirst().orElse(""));
        assertTrue(row.contains("1,4"), "nIn,nOut of the lifting layer:\n" + summary);
        assertTrue(row.contains("WeightSharingLifting"), "the configuration class:\n" + summary);
        assertTrue(net.getLayer(0).conf().getLayer() instanceof FeedForwardLayer, "a FeedForwardLayer");
    }

    @Test
    void logitScaleScalesTheLogitInitialisationAndIsValidated() {
        double defaultMax = net(lifting().build(), DataType.FLOAT, 4).getLayer(0)
                .getParam(WeightSharingConvolution.REPRESENTATION_KEY).maxNumber().doubleValue();
        INDArray scaled = net(lifting().logitScale(10).build(), DataType.FLOAT, 4).getLayer(0)
                .getParam(WeightSharingConvolution.REPRESENTATION_KEY);
        assertTrue(defaultMax < 1, "paper's U[0, 1): max " + defaultMax);
        assertTrue(scaled.maxNumber().doubleValue() > 5 && scaled.maxNumber().doubleValue() < 10
                && scaled.minNumber().doubleValue() >= 0, "U[0, 10): " + scaled.minNumber() + ".." + scaled.maxNumber());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lifting().logitScale(0).build());
        assertTrue(e.getMessage().contains("logitScale"), e.getMessage());
    }
}
