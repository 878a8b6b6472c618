package org.wsnn.zoo;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The paper's parameter counts are exact for the default builders. */
class ParameterCountTest {

    @Test
    void wscnn() {
        ComputationGraph net = WSCNN.builder().build().init();
        assertEquals(new ParameterCounts(410_890, 121_875), ParameterCounts.of(net), "WSCNN weights (+ logits)");
        assertEquals("410,890 (+121,875)", ParameterCounts.of(net).toString(), "paper notation");
        INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28));
        assertArrayEquals(new long[]{2, 10}, out.shape(), "class probabilities");
    }

    @Test
    void gcnn() {
        assertEquals(new ParameterCounts(103_050, 0), ParameterCounts.of(GCNN.builder().build().init()), "GCNN (C4, 16 channels)");
    }

    @Test
    void cnn() {
        assertEquals(new ParameterCounts(412_170, 0), ParameterCounts.of(CNN.builder().build().init()), "CNN (64 channels)");
    }
}
