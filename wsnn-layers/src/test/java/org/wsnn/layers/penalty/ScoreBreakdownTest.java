package org.wsnn.layers.penalty;

import org.nd4j.linalg.dataset.ViewIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.wsnn.core.Penalties;
import org.wsnn.layers.WeightSharingDense;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The score taken apart: the task loss equals the score of the same network without any penalty. */
class ScoreBreakdownTest {

    private static MultiLayerNetwork net(double norm, double entropy, double l2) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Adam(0.05)).list()
                .layer(new WeightSharingDense.Builder().nOut(3).groupSize(4).normPenalty(norm).entropyPenalty(entropy)
                        .l2(l2).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    private static DataSet data(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 8, 12);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, (i * 5) % 12, 1);
        }
        return new DataSet(Nd4j.randn(DataType.DOUBLE, 8, 5), labels);
    }

    @Test
    void taskIsTheScoreWithoutPenalties() {
        MultiLayerNetwork net = net(0.1, 0.01, 0.02);
        MultiLayerNetwork bare = net(0, 0, 0);
        DataSet d = data(1);
        net.fit(d);                       // move the parameters away from their initial values
        bare.setParams(net.params());
        double score = net.score(d, false);
        ScoreBreakdown b = ScoreBreakdown.of(net, score);
        assertEquals(bare.score(d, false), b.task(), 1e-10, "task loss = score of the unpenalised network");
        INDArray logits = net.getLayer(0).getParam(WeightSharingDense.REPRESENTATION_KEY);
        assertEquals(0.1 * Penalties.norm(logits.reshape(3, 5, 5)), b.norm(), 1e-10, "norm part");
        assertTrue(b.entropy() > 0 && b.weightDecay() > 0, b.toString());
        assertEquals(0.0, b.other(), 0.0);
        assertEquals(score, b.task() + b.penalties(), 1e-12, "the parts add up");
        // the L2 covers W and, by default, the logits too; with regularizeRepresentations(false) only W
        double wOnly = 0.5 * 0.02 * net.getLayer(0).getParam(WeightSharingDense.WEIGHT_KEY).norm2Number().doubleValue()
                * net.getLayer(0).getParam(WeightSharingDense.WEIGHT_KEY).norm2Number().doubleValue();
        assertTrue(b.weightDecay() > wOnly * 1.01, "decay includes the logits by default: " + b.weightDecay() + " vs " + wOnly);
    }

    @Test
    void listenerRecordsEveryStepBeforeTheUpdate() {
        MultiLayerNetwork net = net(0.1, 0.0, 0.01);
        ScoreBreakdownListener parts = new ScoreBreakdownListener();
        net.addListeners(parts);
        assertNull(parts.last());
        for (int i = 0; i < 3; i++) {
            net.fit(data(i));
            assertEquals(net.score(), parts.last().total(), 1e-12, "the listener saw the step's score");
        }
        assertEquals(3, parts.steps());
        assertTrue(Double.isFinite(parts.mean().task()) && parts.mean().norm() > 0, parts.mean().toString());
        parts.reset();
        assertNull(parts.mean());
    }

    @Test
    void earlyStoppingScoreIsTheMeanTaskLoss() {
        MultiLayerNetwork net = net(0.1, 0.01, 0.05);
        MultiLayerNetwork bare = net(0, 0, 0);
        bare.setParams(net.params());
        List<DataSet> batches = List.of(data(4), data(5));
        double expected = (bare.score(batches.get(0), false) + bare.score(batches.get(1), false)) / 2;
        double task = new TaskLossCalculator(new ViewIterator(DataSet.merge(batches), 8)).calculateScore(net);
        assertEquals(expected, task, 1e-10);
        assertTrue(new TaskLossCalculator(new ViewIterator(DataSet.merge(batches), 8)).minimizeScore());
    }
}
