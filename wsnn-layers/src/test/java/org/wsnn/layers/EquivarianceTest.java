package org.wsnn.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.layers.check.C4Equivariance;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact C4 equivariance with fixed stacks (lifting → group conv → group conv → pooling), with negative controls. */
class EquivarianceTest {

    private static MultiLayerNetwork network(FixedGroup group, boolean pool) {
        WeightSharingLifting lift = new WeightSharingLifting.Builder().nOut(3).kernelSize(3).groupSize(4)
                .fixedGroup(group).build();
        WeightSharingGroupConv g1 = new WeightSharingGroupConv.Builder().nOut(3).kernelSize(3).groupSize(4)
                .fixedGroup(group).build();
        WeightSharingGroupConv g2 = new WeightSharingGroupConv.Builder().nOut(2).kernelSize(3).groupSize(4)
                .fixedGroup(group).build();
        InputType in = InputType.convolutional(11, 11, 2);
        MultiLayerNetwork net = pool
                ? TestNets.stack(in, DataType.DOUBLE, lift, g1, g2, new GroupPooling.Builder().poolingType(PoolingType.MAX).build())
                : TestNets.stack(in, DataType.DOUBLE, lift, g1, g2);
        // random, non-zero biases too
        for (int i = 0; i < 3; i++) {
            net.getLayer(i).getParam("b").assign(Nd4j.randn(DataType.DOUBLE, 1, net.getLayer(i).getParam("b").length()));
        }
        return net;
    }

    /** Every test draws its inputs (and the networks their parameters) from a fixed seed. */
    @org.junit.jupiter.api.BeforeEach
    void seed() {
        Nd4j.getRandom().setSeed(3);
    }

    private static UnaryOperator<INDArray> forward(MultiLayerNetwork net) {
        return x -> net.output(x, false);
    }

    @Test
    void c4StackIsExactlyEquivariant() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 11, 11);
        double err = C4Equivariance.error(forward(network(FixedGroup.C4, false)), x);
        assertTrue(err < 1e-10, "C4 lifting -> group conv -> group conv: rotated input must rotate and shift outputs, error " + err);
    }

    @Test
    void pooledOutputRotatesWithInput() {
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 11, 11);
        MultiLayerNetwork net = network(FixedGroup.C4, true);
        double err = C4Equivariance.error(forward(net), x);
        assertTrue(err < 1e-10, "after group pooling the output must rotate with the input, error " + err);
        double inv = C4Equivariance.invarianceError(y -> net.output(y, false).mean(2, 3), x);
        assertTrue(inv < 1e-10, "global mean after group pooling must be rotation invariant, error " + inv);
    }

    @Test
    void learnedRandomStacksAreNotEquivariant() {
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 11, 11);
        double err = C4Equivariance.error(forward(network(FixedGroup.NONE, false)), x);
        assertTrue(err > 1e-3, "negative control: random learned stacks must break equivariance, error " + err);
    }

    @Test
    void flipStackIsNotRotationEquivariant() {
        WeightSharingLifting lift = new WeightSharingLifting.Builder().nOut(3).kernelSize(3).groupSize(2)
                .fixedGroup(FixedGroup.FLIP).build();
        MultiLayerNetwork net = TestNets.stack(InputType.convolutional(11, 11, 2), DataType.DOUBLE, lift);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 11, 11);
        double err = C4Equivariance.error(forward(net), x);
        assertTrue(err > 1e-3, "negative control: the wrong group must fail the C4 check, error " + err);
    }

    @Test
    void checkerRejectsNonEquivariantFunction() {
        INDArray x = Nd4j.randn(DataType.DOUBLE, 1, 1, 5, 5);
        INDArray mask = Nd4j.linspace(DataType.DOUBLE, 1, 25, 25).reshape(1, 1, 5, 5);
        double err = C4Equivariance.error(y -> y.mul(mask), x);
        assertTrue(err > 1e-3, "negative control: multiplying by a fixed non-symmetric mask is not equivariant, error " + err);
        double ok = C4Equivariance.error(y -> y.mul(2.0), x);
        assertTrue(ok < 1e-12, "scaling is equivariant, error " + ok);
    }
}
