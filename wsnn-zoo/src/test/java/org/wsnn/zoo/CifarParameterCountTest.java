package org.wsnn.zoo;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper's CIFAR-10 parameter counts are exact for the default builders (arithmetic:
 * {@link CifarResNetArchitecture}); each default network runs a forward pass on a [2, 3, 32, 32] batch, and the
 * WSResNet and ResNet one training step. */
class CifarParameterCountTest {

    private static void forward(ComputationGraph net) {
        INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
        assertArrayEquals(new long[]{2, 10}, out.shape(), "class probabilities");
    }

    /** One training step runs (backprop through every layer) and changes the parameters. */
    private static void trainingStep(ComputationGraph net) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 2, 10);
        labels.putScalar(0, 3, 1.0);
        labels.putScalar(1, 7, 1.0);
        INDArray before = net.params().dup();
        net.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32), labels));
        assertTrue(Double.isFinite(net.score()), "finite loss");
        assertNotEquals(before, net.params(), "parameters updated");
    }

    @Test
    void wsresnet() {
        ComputationGraph net = WSResNet.builder().build().init();
        assertEquals(new ParameterCounts(1_632_394, 468_195), ParameterCounts.of(net), "WSResNet weights (+ logits)");
        assertEquals("1,632,394 (+468,195)", ParameterCounts.of(net).toString(), "paper notation");
        forward(net);
        trainingStep(net);
    }

    @Test
    void gresnet() {
        ComputationGraph net = GResNet.builder().build().init();
        assertEquals(new ParameterCounts(1_632_394, 0), ParameterCounts.of(net), "GResNet (C4, 32 channels): 1.63 M");
        forward(net);
    }

    @Test
    void resnet() {
        ComputationGraph net = ResNet.builder().build().init();
        assertEquals(new ParameterCounts(428_170, 0), ParameterCounts.of(net), "ResNet (CNN-32)");
        forward(net);
        trainingStep(net);
        assertEquals(new ParameterCounts(1_660_170, 0), ParameterCounts.of(ResNet.builder().channels(64).build().init()),
                "ResNet (CNN-64)");
        assertEquals(new ParameterCounts(6_544_906, 0), ParameterCounts.of(ResNet.builder().channels(128).build().init()),
                "ResNet (CNN-128)");
    }
}
