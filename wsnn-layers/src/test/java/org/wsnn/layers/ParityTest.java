package org.wsnn.layers;


import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.layers.kernel.StackKernel;
import org.wsnn.core.Penalties;
import org.wsnn.core.sinkhorn.Sinkhorn;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parity with the independent PyTorch reference ({@code ../shared/bench/ref_wsnn.py}, fixtures made by
 * {@code src/test/python/make_fixtures.py}), in float32 and float64.
 */
class ParityTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(DataType.DOUBLE, 1e-10),
                Arguments.of(DataType.FLOAT, 2e-4));
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        assertTrue(diff <= tol * scale, what + ": max abs difference " + diff + " exceeds " + tol * scale);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sinkhornMatchesReference(DataType type, double tol) {
        INDArray logits = Fixtures.load("sinkhorn_logits", type);
        assertClose(Fixtures.load("sinkhorn_out", type), Sinkhorn.normalize(logits, 20), tol, "sinkhorn 20 iterations");
        assertClose(Fixtures.load("sinkhorn3_out", type), Sinkhorn.normalize(logits, 3), tol, "sinkhorn 3 iterations");
        INDArray extreme = Sinkhorn.normalize(Fixtures.load("sinkhorn_extreme_logits", type), 20);
        assertTrue(!extreme.isNaN().any() && !extreme.isInfinite().any(), "extreme logits give finite output");
        assertClose(Fixtures.load("sinkhorn_extreme_out", type), extreme, tol, "sinkhorn extreme logits");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void penaltiesMatchReference(DataType type, double tol) {
        double norm = Penalties.norm(Fixtures.load("norm_logits", type));
        double expectedNorm = Fixtures.load("norm_value", DataType.DOUBLE).getDouble(0);
        assertEquals(expectedNorm, norm, tol * Math.max(1, Math.abs(expectedNorm)), "norm penalty");
        double entropy = Penalties.entropy(Fixtures.load("entropy_reps", type));
        double expectedEntropy = Fixtures.load("entropy_value", DataType.DOUBLE).getDouble(0);
        assertEquals(expectedEntropy, entropy, tol * Math.max(1, Math.abs(expectedEntropy)), "entropy penalty");
    }

    static Stream<Arguments> liftCases() {
        return cases().flatMap(a -> Stream.of(
                Arguments.of(a.get()[0], a.get()[1], ConvolutionMode.Truncate, true, "lift_R", "lift_out_valid"),
                Arguments.of(a.get()[0], a.get()[1], ConvolutionMode.Same, true, "lift_R", "lift_out_same"),
                Arguments.of(a.get()[0], a.get()[1], ConvolutionMode.Truncate, false, "lift_noid_R", "lift_noid_out_valid")));
    }

    @ParameterizedTest(name = "{0} {2} fixIdentity={3}")
    @MethodSource("liftCases")
    void liftingMatchesReference(DataType type, double tol, ConvolutionMode mode, boolean fixIdentity,
                                 String logits, String expected) {
        WeightSharingLifting layer = new WeightSharingLifting.Builder().nIn(2).nOut(3).kernelSize(3).groupSize(4)
                .fixIdentity(fixIdentity).convolutionMode(mode).build();
        MultiLayerNetwork net = TestNets.stack(InputType.convolutional(7, 9, 2), type, layer);
        net.getLayer(0).getParam("W").assign(Fixtures.load("lift_W", type));
        net.getLayer(0).getParam("R").assign(Fixtures.load(logits, type));
        net.getLayer(0).getParam("b").assign(Fixtures.load("lift_b", type).reshape(1, 3));
        INDArray out = net.output(Fixtures.load("lift_input", type));
        assertClose(Fixtures.load(expected, type), out, tol, "lifting " + mode + " fixIdentity=" + fixIdentity);
        if (fixIdentity) {
            WeightSharingLifting conf = (WeightSharingLifting) net.getLayerWiseConfigurations().getConf(0).getLayer();
            INDArray kernel = StackKernel.materialize(conf.kernelShape(), net.getLayer(0).getParam("W"),
                    conf.representationStack(net.getLayer(0).getParam("R"), type));
            assertClose(Fixtures.load("lift_kernel", type), kernel, tol, "materialised lifting kernel");
        }
    }

    static Stream<Arguments> groupCases() {
        return cases().flatMap(a -> Stream.of(
                Arguments.of(a.get()[0], a.get()[1], ConvolutionMode.Truncate, "gconv_out_valid"),
                Arguments.of(a.get()[0], a.get()[1], ConvolutionMode.Same, "gconv_out_same")));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("groupCases")
    void groupConvMatchesReference(DataType type, double tol, ConvolutionMode mode, String expected) {
        WeightSharingGroupConv layer = new WeightSharingGroupConv.Builder().nIn(2).nOut(3).kernelSize(3).groupSize(4)
                .convolutionMode(mode).build();
        MultiLayerNetwork net = TestNets.stack(
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 4, 7, 9, 2), type, layer);
        net.getLayer(0).getParam("W").assign(Fixtures.load("gconv_W", type));
        net.getLayer(0).getParam("R").assign(Fixtures.load("gconv_R", type));
        net.getLayer(0).getParam("b").assign(Fixtures.load("gconv_b", type).reshape(1, 3));
        INDArray out = net.output(Fixtures.load("gconv_input", type));
        assertClose(Fixtures.load(expected, type), out, tol, "group conv " + mode);
        WeightSharingGroupConv conf = (WeightSharingGroupConv) net.getLayerWiseConfigurations().getConf(0).getLayer();
        INDArray kernel = StackKernel.materialize(conf.kernelShape(), net.getLayer(0).getParam("W"),
                conf.representationStack(net.getLayer(0).getParam("R"), type));
        assertClose(Fixtures.load("gconv_kernel", type), kernel, tol, "materialised group kernel");
    }
}
