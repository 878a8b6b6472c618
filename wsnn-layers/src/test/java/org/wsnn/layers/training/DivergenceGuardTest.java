package org.wsnn.layers.training;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard stops at the first non-finite score and says why; on a healthy run it does nothing. */
class DivergenceGuardTest {

    private static MultiLayerNetwork net(double learningRate) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Sgd(learningRate)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        net.addListeners(new DivergenceGuard());
        return net;
    }

    private static INDArray[] batch() {
        Nd4j.getRandom().setSeed(3);
        return new INDArray[]{Nd4j.randn(DataType.FLOAT, 16, 4), Nd4j.randn(DataType.FLOAT, 16, 2)};
    }

    @Test
    void aHealthyRunIsNotDisturbed() {
        MultiLayerNetwork net = net(0.01);
        INDArray[] b = batch();
        assertDoesNotThrow(() -> {
            for (int i = 0; i < 20; i++) {
                net.fit(b[0], b[1]);
            }
        });
        assertTrue(Double.isFinite(net.score()), "finite score after 20 steps");
    }

    @Test
    void aNanInTheBatchStopsTheFirstStepAndIsBlamedOnTheData() {
        MultiLayerNetwork net = net(0.01);
        INDArray[] b = batch();
        b[0].putScalar(5, 2, Double.NaN);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> net.fit(b[0], b[1]));
        assertEquals(0, e.getIteration(), "the first step");
        assertTrue(Double.isNaN(e.getScore()), "score NaN");
        assertTrue(e.getMessage().contains("iteration 0") && e.getMessage().contains("1 NaN or infinite value")
                && e.getMessage().contains("data problem"), e.getMessage());
    }

    @Test
    void anExplodingLearningRateIsBlamedOnTheOptimisation() {
        MultiLayerNetwork net = net(1e18);
        INDArray[] b = batch();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> {
            for (int i = 0; i < 50; i++) {
                net.fit(b[0], b[1]);
            }
        });
        assertTrue(e.getIteration() > 0, "diverges after a few steps: " + e.getMessage());
        assertTrue(e.getMessage().contains("score") && (e.getMessage().contains("optimisation diverged")
                || e.getMessage().contains("loss itself overflowed")), e.getMessage());
    }
}
