package org.wsnn.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.wsnn.core.Penalties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The separate updater for "R", the penalties in score and gradient, and that training lowers the loss. */
class TrainingHooksTest {

    private static MultiLayerNetwork net(IUpdater updater, IUpdater repUpdater, double norm, double entropy) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).updater(updater)
                .dataType(DataType.DOUBLE).list()
                .layer(new WeightSharingLifting.Builder().nOut(4).kernelSize(3).groupSize(4)
                        .representationUpdater(repUpdater).normPenalty(norm).entropyPenalty(entropy).build())
                .layer(new WeightSharingGroupConv.Builder().nOut(4).kernelSize(3).groupSize(4)
                        .representationUpdater(repUpdater).normPenalty(norm).entropyPenalty(entropy).build())
                .layer(new GroupPooling.Builder().build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).nOut(2).build())
                .setInputType(InputType.convolutional(9, 9, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray[] data(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, n, 1, 9, 9).muli(0.3);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 2);
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            y.putScalar(i, label, 1);
            if (label == 1) {  // class 1: a bright horizontal bar, anywhere
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(2 + i % 5)).addi(1.5);
            }
        }
        return new INDArray[]{x, y};
    }

    @Test
    void representationUpdaterAppliesToROnly() {
        INDArray[] d = data(8, 1);
        MultiLayerNetwork frozenR = net(new Sgd(0.1), new Sgd(0.0), 0.1, 0.01);
        INDArray r0 = frozenR.getLayer(0).getParam("R").dup();
        INDArray w0 = frozenR.getLayer(0).getParam("W").dup();
        frozenR.fit(d[0], d[1]);
        assertEquals(r0, frozenR.getLayer(0).getParam("R"), "Sgd(0) as representation updater must freeze R");
        assertTrue(!w0.equals(frozenR.getLayer(0).getParam("W")), "W must still train with the layer's updater");

        MultiLayerNetwork frozenW = net(new Sgd(0.0), new Sgd(0.5), 0.1, 0.01);
        INDArray r1 = frozenW.getLayer(1).getParam("R").dup();
        INDArray w1 = frozenW.getLayer(1).getParam("W").dup();
        frozenW.fit(d[0], d[1]);
        assertEquals(w1, frozenW.getLayer(1).getParam("W"), "Sgd(0) as layer updater must freeze W");
        assertTrue(!r1.equals(frozenW.getLayer(1).getParam("R")), "R must train with its own updater");
    }

    @Test
    void penaltiesChangeScoreAndGradient() {
        INDArray[] d = data(4, 2);
        MultiLayerNetwork plain = net(new Sgd(0.1), null, 0, 0);
        MultiLayerNetwork penalised = net(new Sgd(0.1), null, 0.3, 0.02);
        penalised.setParams(plain.params());
        plain.setInput(d[0]);
        plain.setLabels(d[1]);
        penalised.setInput(d[0]);
        penalised.setLabels(d[1]);
        plain.computeGradientAndScore();
        penalised.computeGradientAndScore();
        double expectedExtra = 0;
        for (int i = 0; i < 2; i++) {
            INDArray r = plain.getLayer(i).getParam("R");
            expectedExtra += 0.3 * Penalties.norm(r) + 0.02 * Penalties.entropyOfLogits(r, 20);
        }
        assertEquals(plain.score() + expectedExtra, penalised.score(), 1e-9,
                "score with penalties = task loss + λ_norm·Σ norm + λ_ent·Σ entropy");
        // The penalty gradient enters through the updater (as for any DL4J Regularization): one SGD step.
        INDArray rBefore = plain.getLayer(0).getParam("R").dup();
        plain.fit(d[0], d[1]);
        penalised.fit(d[0], d[1]);
        INDArray stepPlain = rBefore.sub(plain.getLayer(0).getParam("R"));
        INDArray stepPenalised = rBefore.sub(penalised.getLayer(0).getParam("R"));
        INDArray penaltyGrad = Penalties.normGradient(rBefore).muli(0.3)
                .addi(Penalties.entropyGradient(rBefore, 20).muli(0.02));
        double diff = stepPenalised.sub(stepPlain).sub(penaltyGrad.mul(0.1)).amaxNumber().doubleValue();
        assertTrue(diff < 1e-9, "the SGD step on R differs by lr·(λ_norm ∇norm + λ_ent ∇entropy), mismatch " + diff);
    }

    @Test
    void trainingLowersTheLoss() {
        INDArray[] d = data(32, 3);
        MultiLayerNetwork net = net(new Adam(0.02), new Adam(0.05), 0.1, 0.0);
        net.setInput(d[0]);
        net.setLabels(d[1]);
        net.computeGradientAndScore();
        double before = net.score();
        for (int i = 0; i < 40; i++) {
            net.fit(d[0], d[1]);
        }
        net.computeGradientAndScore();
        double after = net.score();
        assertTrue(after < 0.6 * before, "loss should fall by 40% in 40 Adam steps: before " + before + ", after " + after);
    }
}
