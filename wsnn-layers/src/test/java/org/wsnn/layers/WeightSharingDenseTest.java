package org.wsnn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.wsnn.core.Penalties;
import org.wsnn.core.group.Permutations;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.File;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WeightSharingDense}: parameter and output shapes, an exact hand computation with permutation
 * stacks, double-precision gradient checks with both penalties, JSON and ModelSerializer round trips,
 * validation messages and the per-parameter training hooks.
 */
class WeightSharingDenseTest {

    private static INDArray oneHot(DataType type, int batch, int classes) {
        INDArray labels = Nd4j.zeros(type, batch, classes);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, (i * 7) % classes, 1.0);
        }
        return labels;
    }

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

    // ---------------------------------------------------------------- shapes

    @Test
    void parameterAndOutputShapes() {
        MultiLayerNetwork net = TestNets.stack(InputType.feedForward(7), DataType.FLOAT,
                new WeightSharingDense.Builder().nOut(3).groupSize(4).build());
        assertArrayEquals(new long[]{3, 7}, net.getLayer(0).getParam("W").shape(), "W shape [nOut, d]");
        assertArrayEquals(new long[]{3, 7, 7}, net.getLayer(0).getParam("R").shape(), "R shape [G-1, d, d]");
        assertArrayEquals(new long[]{1, 3}, net.getLayer(0).getParam("b").shape(), "b shape [1, nOut]");
        assertEquals(3 * 7 + 3 * 49 + 3, net.numParams(), "parameter count");
        INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 5, 7));
        assertArrayEquals(new long[]{5, 12}, out.shape(), "output [B, nOut*G]");
        InputType type = net.getLayerWiseConfigurations().getConf(0).getLayer().getOutputType(0, InputType.feedForward(7));
        assertEquals(InputType.feedForward(12), type, "getOutputType agrees with the forward pass");

        MultiLayerNetwork noId = TestNets.stack(InputType.feedForward(4), DataType.FLOAT,
                new WeightSharingDense.Builder().nOut(2).groupSize(3).fixIdentity(false).hasBias(false).build());
        assertArrayEquals(new long[]{3, 4, 4}, noId.getLayer(0).getParam("R").shape(), "R shape [G, d, d] without fixed identity");
        assertEquals(2 * 4 + 3 * 16, noId.numParams(), "no bias parameter with hasBias(false)");

        MultiLayerNetwork plain = TestNets.stack(InputType.feedForward(4), DataType.FLOAT,
                new WeightSharingDense.Builder().nOut(2).groupSize(1).build());
        assertEquals(2 * 4 + 2, plain.numParams(), "groupSize 1 with fixed identity has no logits (a plain dense layer)");
    }

    // ---------------------------------------------------------------- exact forward pass

    /** With logits 50·P the stack is P to double precision; the output must equal a hand computation. */
    @Test
    void permutationStackMatchesHandComputation() {
        inDouble(() -> {
            int d = 6;
            int g = 3;
            int nOut = 2;
            WeightSharingDense conf = new WeightSharingDense.Builder().nOut(nOut).groupSize(g).build();
            MultiLayerNetwork net = TestNets.stack(InputType.feedForward(d), DataType.DOUBLE, conf);
            INDArray shifts = Permutations.cyclicShifts(d).castTo(DataType.DOUBLE);          // [6, 6, 6]
            INDArray perms = Nd4j.concat(0, shifts.get(org.nd4j.linalg.indexing.NDArrayIndex.point(2))
                            .reshape(1, d, d), shifts.get(org.nd4j.linalg.indexing.NDArrayIndex.point(5)).reshape(1, d, d));
            net.getLayer(0).getParam("R").assign(perms.mul(50));
            INDArray w = Nd4j.rand(DataType.DOUBLE, nOut, d).subi(0.5);
            INDArray b = Nd4j.create(new double[][]{{0.25, -1.5}});
            net.getLayer(0).getParam("W").assign(w);
            net.getLayer(0).getParam("b").assign(b);
            INDArray x = Nd4j.randn(DataType.DOUBLE, 4, d);
            INDArray out = net.output(x);

            double[][][] p = new double[g][][];
            p[0] = Nd4j.eye(d).castTo(DataType.DOUBLE).toDoubleMatrix();
            p[1] = perms.slice(0).toDoubleMatrix();
            p[2] = perms.slice(1).toDoubleMatrix();
            double[][] wa = w.toDoubleMatrix();
            double[][] xa = x.toDoubleMatrix();
            for (int bi = 0; bi < 4; bi++) {
                for (int o = 0; o < nOut; o++) {
                    for (int e = 0; e < g; e++) {
                        double expected = b.getDouble(0, o);
                        for (int n = 0; n < d; n++) {
                            double rw = 0;
                            for (int m = 0; m < d; m++) {
                                rw += p[e][n][m] * wa[o][m];
                            }
                            expected += rw * xa[bi][n];
                        }
                        assertEquals(expected, out.getDouble(bi, o * g + e), 1e-9,
                                "output [" + bi + ", " + o + "*G+" + e + "] against the hand computation");
                    }
                }
            }
            WeightSharingDense built = (WeightSharingDense) net.getLayerWiseConfigurations().getConf(0).getLayer();
            INDArray stack = built.representationStack(net.getLayer(0).getParam("R"), DataType.DOUBLE);
            assertTrue(Permutations.isPermutationStack(stack, 1e-9), "logits 50*P give a permutation stack");
            INDArray flat = built.materializeWeights(w, stack);
            assertEquals(x.mmul(flat.transpose()).addRowVector(Nd4j.repeat(b, g).reshape(g, nOut).transpose().reshape(1, nOut * g)),
                    out.sub(0).dup(), "materializeWeights gives the equivalent dense layer");
            return null;
        });
    }

    // ---------------------------------------------------------------- gradient checks

    @Test
    void gradientCheckWithPenaltiesInMultiLayerNetwork() {
        boolean ok = inDouble(() -> {
            Nd4j.getRandom().setSeed(42);
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                    .updater(new NoOp()).list()
                    .layer(new WeightSharingDense.Builder().nOut(2).groupSize(3).sinkhornIterations(5)
                            .normPenalty(0.3).entropyPenalty(0.05).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                            .nOut(3).build())
                    .setInputType(InputType.feedForward(4)).build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            INDArray input = Nd4j.randn(DataType.DOUBLE, 3, 4);
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                    .labels(oneHot(DataType.DOUBLE, 3, 3)).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        });
        assertTrue(ok, "gradient check of WeightSharingDense (fixed identity, norm + entropy penalties) -> OutputLayer");
    }

    @Test
    void gradientCheckWithoutIdentityOrBiasInComputationGraph() {
        boolean ok = inDouble(() -> {
            Nd4j.getRandom().setSeed(43);
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(8).dataType(DataType.DOUBLE)
                    .updater(new NoOp()).graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(3))
                    .addLayer("ws", new WeightSharingDense.Builder().nOut(2).groupSize(2).fixIdentity(false)
                            .hasBias(false).sinkhornIterations(4).normPenalty(0.1).entropyPenalty(0.02).build(), "in")
                    .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .activation(Activation.SOFTMAX).build(), "ws")
                    .setOutputs("loss").build();
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            INDArray input = Nd4j.randn(DataType.DOUBLE, 2, 3);
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(new INDArray[]{input}).labels(new INDArray[]{oneHot(DataType.DOUBLE, 2, 4)})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        });
        assertTrue(ok, "gradient check of WeightSharingDense (no fixed identity, no bias, penalties) -> softmax LossLayer");
    }

    // ---------------------------------------------------------------- serialisation

    private static void assertSameFields(Layer expected, Layer actual) throws Exception {
        assertEquals(expected.getClass(), actual.getClass(), "layer class");
        int compared = 0;
        for (PropertyDescriptor p : Introspector.getBeanInfo(expected.getClass()).getPropertyDescriptors()) {
            Method getter = p.getReadMethod();
            if (getter == null || getter.getParameterCount() > 0) {
                continue;
            }
            Object a = getter.invoke(expected);
            Object b = getter.invoke(actual);
            assertTrue(Objects.deepEquals(a, b), "WeightSharingDense '" + expected.getLayerName() + "': field "
                    + p.getName() + " expected " + a + ", found " + b);
            compared++;
        }
        assertTrue(compared > 10, "compared only " + compared + " properties");
        assertEquals(expected, actual, "equals() of " + expected.getLayerName());
    }

    @Test
    void jsonRoundTripKeepsEveryField() throws Exception {
        WeightSharingDense layer = new WeightSharingDense.Builder().name("ws").nIn(5).nOut(3).groupSize(4)
                .sinkhornIterations(7).fixIdentity(false).hasBias(false).representationUpdater(new Sgd(0.3))
                .normPenalty(0.1).entropyPenalty(0.003).entropyWarmup(40).regularizeRepresentations(false).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().updater(new Adam(0.01)).l2(1e-4).list()
                .layer(layer)
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        WeightSharingDense restored = (WeightSharingDense) back.getConf(0).getLayer();
        assertSameFields(conf.getConf(0).getLayer(), restored);
        assertEquals(3, restored.getNOut(), "nOut");
        assertEquals(5, restored.getNIn(), "nIn");
        assertEquals(4, restored.getGroupSize(), "groupSize");
        assertEquals(7, restored.getRepresentation().getSinkhornIterations(), "sinkhornIterations");
        assertEquals(false, restored.getRepresentation().isFixIdentity(), "fixIdentity");
        assertEquals(false, restored.isHasBias(), "hasBias");
        assertEquals(new Sgd(0.3), restored.getRepresentation().getRepresentationUpdater(), "representationUpdater");
        assertEquals(0.1, restored.getRepresentation().getNormPenalty(), "normPenalty");
        assertEquals(0.003, restored.getRepresentation().getEntropyPenalty(), "entropyPenalty");
        assertEquals(40, restored.getRepresentation().getEntropyWarmup(), "entropyWarmup");
        assertEquals(false, restored.getRepresentation().isRegularizeRepresentations(), "regularizeRepresentations");
        assertEquals(conf, back, "MultiLayerConfiguration equality after JSON");
        // the network's l2 reaches W but, with regularizeRepresentations(false), not the logits
        assertTrue(restored.getRegularizationByParam(WeightSharingDense.WEIGHT_KEY).stream()
                .anyMatch(r -> r instanceof org.nd4j.linalg.learning.regularization.L2Regularization), "l2 on W");
        assertTrue(restored.getRegularizationByParam(WeightSharingDense.REPRESENTATION_KEY).stream()
                .noneMatch(r -> r instanceof org.nd4j.linalg.learning.regularization.L2Regularization), "no l2 on R");
        WeightSharingDense other = new WeightSharingDense.Builder().name("ws").nIn(5).nOut(3).groupSize(4)
                .sinkhornIterations(7).fixIdentity(false).hasBias(false).representationUpdater(new Sgd(0.3))
                .normPenalty(0.1).entropyPenalty(0.004).build();
        assertNotEquals(layer, other, "equals() must see subclass fields (entropyPenalty differs)");
    }

    @Test
    void entropyWarmupRampsTheCoefficientAndReadsOldJson() throws Exception {
        org.wsnn.layers.penalty.EntropyPenalty ramped = new org.wsnn.layers.penalty.EntropyPenalty(0.01, 5, 3, 4);
        assertEquals(0.0025, ramped.coefficientAt(0), 1e-15, "first step: a quarter");
        assertEquals(0.005, ramped.coefficientAt(1), 1e-15);
        assertEquals(0.01, ramped.coefficientAt(3), 1e-15, "full strength after the warm-up");
        assertEquals(0.01, ramped.coefficientAt(100), 1e-15);
        assertEquals(0.01, new org.wsnn.layers.penalty.EntropyPenalty(0.01, 5, 3).coefficientAt(0), 0.0, "no warm-up");
        INDArray logits = Nd4j.rand(DataType.DOUBLE, 2, 3, 3);
        assertEquals(ramped.score(logits, 0, 0) * 4, ramped.score(logits, 7, 0), 1e-12, "score follows the ramp");
        org.nd4j.shade.jackson.databind.ObjectMapper json = new org.nd4j.shade.jackson.databind.ObjectMapper();
        String old = "{\"@class\":\"org.wsnn.layers.penalty.EntropyPenalty\",\"coefficient\":0.01,\"sinkhornIterations\":5,\"dimension\":3}";
        assertEquals(new org.wsnn.layers.penalty.EntropyPenalty(0.01, 5, 3),
                json.readValue(old, org.wsnn.layers.penalty.EntropyPenalty.class), "JSON without warm-up reads as none");
        assertEquals(ramped, json.readValue(json.writeValueAsString(ramped), org.wsnn.layers.penalty.EntropyPenalty.class));
        assertThrows(IllegalArgumentException.class, () -> new WeightSharingDense.Builder().nOut(2).groupSize(2)
                .entropyWarmup(-1).build());
    }

    @Test
    void modelSerializerRoundTrip(@TempDir File dir) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(0.01)).list()
                .layer(new WeightSharingDense.Builder().nOut(2).groupSize(3).normPenalty(0.1).entropyPenalty(0.01).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 5);
        INDArray y = oneHot(DataType.FLOAT, 4, 6);
        net.fit(x, y);
        File file = new File(dir, "dense.zip");
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.output(x), restored.output(x), "outputs after restore");
        net.fit(x, y);
        restored.fit(x, y);
        assertTrue(net.params().sub(restored.params()).amaxNumber().doubleValue() < 1e-6, "resumed training gives the same parameters");
    }

    // ---------------------------------------------------------------- validation

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void builderRejectsBadOptions() {
        String m = message(() -> new WeightSharingDense.Builder().name("d1").nOut(0).groupSize(2).build());
        assertTrue(m.contains("WeightSharingDense 'd1'") && m.contains("nOut") && m.contains("found 0"), m);
        m = message(() -> new WeightSharingDense.Builder().nOut(2).groupSize(0).build());
        assertTrue(m.contains("WeightSharingDense") && m.contains("groupSize") && m.contains("found 0"), m);
        m = message(() -> new WeightSharingDense.Builder().nOut(2).groupSize(2).sinkhornIterations(0).build());
        assertTrue(m.contains("sinkhornIterations") && m.contains("found 0"), m);
        m = message(() -> new WeightSharingDense.Builder().nOut(2).groupSize(2).normPenalty(-1).build());
        assertTrue(m.contains("normPenalty") && m.contains("found -1"), m);
        m = message(() -> new WeightSharingDense.Builder().nOut(2).groupSize(2).entropyPenalty(Double.NaN).build());
        assertTrue(m.contains("entropyPenalty") && m.contains("NaN"), m);
        m = message(() -> new WeightSharingDense.Builder().nIn(-3).nOut(2).groupSize(2).build());
        assertTrue(m.contains("nIn") && m.contains("found -3"), m);
    }

    @Test
    void wrongInputTypesAndShapesAreRejected() {
        String m = message(() -> new NeuralNetConfiguration.Builder().list()
                .layer(new WeightSharingDense.Builder().name("ws").nIn(6).nOut(2).groupSize(2).build())
                .overrideNinUponBuild(false)   // DL4J's default replaces nIn from the input type, as for its own layers
                .setInputType(InputType.feedForward(5)).build());
        assertTrue(m.contains("WeightSharingDense 'ws'") && m.contains("expected 6") && m.contains("found 5"), m);
        m = message(() -> new NeuralNetConfiguration.Builder().list()
                .layer(new WeightSharingDense.Builder().nOut(2).groupSize(2).build())
                .setInputType(InputType.recurrent(3, 4)).build());
        assertTrue(m.contains("feedForward") && m.contains("found"), m);

        MultiLayerNetwork net = TestNets.stack(InputType.feedForward(6), DataType.FLOAT,
                new WeightSharingDense.Builder().nOut(2).groupSize(2).build());
        m = message(() -> net.output(Nd4j.rand(DataType.FLOAT, 3, 5)));
        assertTrue(m.contains("signal length d expected 6") && m.contains("found 5"), m);
        m = message(() -> net.output(Nd4j.rand(DataType.FLOAT, 3, 1, 6)));
        assertTrue(m.contains("input rank expected 2") && m.contains("found rank 3"), m);

        WeightSharingDense conf = (WeightSharingDense) net.getLayerWiseConfigurations().getConf(0).getLayer();
        m = message(() -> conf.representationStack(Nd4j.rand(DataType.FLOAT, 2, 6, 6), DataType.FLOAT));
        assertTrue(m.contains("representation logits expected shape [1, 6, 6]") && m.contains("[2, 6, 6]"), m);
    }

    // ---------------------------------------------------------------- training hooks

    @Test
    void penaltiesAreInTheScoreAndRepresentationUpdaterAppliesToROnly() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).updater(new Sgd(0)).list()
                .layer(new WeightSharingDense.Builder().nOut(2).groupSize(3).representationUpdater(new Sgd(0.5))
                        .normPenalty(0.2).entropyPenalty(0.01).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 4);
        INDArray y = oneHot(DataType.FLOAT, 6, 6);
        INDArray logits = net.getLayer(0).getParam("R").dup();
        INDArray w = net.getLayer(0).getParam("W").dup();
        double expectedPenalty = 0.2 * Penalties.norm(logits) + 0.01 * Penalties.entropyOfLogits(logits, 20);
        MultiLayerNetwork plain = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).list()
                .layer(new WeightSharingDense.Builder().nOut(2).groupSize(3).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build());
        plain.init();
        plain.setParams(net.params());
        for (MultiLayerNetwork m : new MultiLayerNetwork[]{net, plain}) {
            m.setInput(x);
            m.setLabels(y);
            m.computeGradientAndScore();
        }
        assertTrue(expectedPenalty > 0.01, "penalty is not negligible: " + expectedPenalty);
        assertEquals(plain.score() + expectedPenalty, net.score(), 1e-5,
                "score with penalties = data loss + λ_norm·norm + λ_ent·entropy");
        net.fit(x, y);
        assertEquals(w, net.getLayer(0).getParam("W"), "W is frozen by the layer updater Sgd(0)");
        assertNotEquals(logits, net.getLayer(0).getParam("R"), "R moves with its own updater Sgd(0.5)");
        assertTrue(Arrays.stream(net.getLayer(0).getParam("R").ravel().toDoubleVector()).allMatch(Double::isFinite), "finite logits");
    }
}
