package org.wsnn.layers.export;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.wsnn.core.group.Permutations;
import org.wsnn.layers.FixedGroup;
import org.wsnn.layers.GroupLayerNorm;
import org.wsnn.layers.GroupPooling;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.layers.WeightSharingGroupConv;
import org.wsnn.layers.WeightSharingLifting;
import org.wsnn.layers.check.GridSymmetry;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discover-then-harden on a small WSCNN whose stacks are set near C4 (logits 12·P_g): the hardened network
 * equals the stock fixed-group C4 network with the same weights, is exactly invariant under quarter turns,
 * survives JSON and ModelSerializer; stacks that are soft, not a group, or not consistent are refused.
 */
class StackHardeningTest {

    private static final int K = 3;

    private static ComputationGraph net(FixedGroup fixed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).updater(new Adam(1e-2)).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutionalFlat(9, 9, 1))
                .addLayer("lift", new WeightSharingLifting.Builder().nOut(3).kernelSize(K).groupSize(4)
                        .fixedGroup(fixed).normPenalty(0.1).build(), "in")
                .addLayer("norm0", new GroupLayerNorm.Builder().relu(true).build(), "lift")
                .addLayer("conv1", new WeightSharingGroupConv.Builder().nOut(3).kernelSize(K).groupSize(4)
                        .fixedGroup(fixed).normPenalty(0.1).build(), "norm0")
                .addLayer("norm1", new GroupLayerNorm.Builder().relu(true).build(), "conv1")
                .addLayer("pool", new GroupPooling.Builder().poolingType(PoolingType.AVG).build(), "norm1")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(5).build(), "gap")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** Logits 12·P_g (+ small noise) for the learned elements 1..3 of a true stack, in the given order. */
    private static void setNear(ComputationGraph net, String layer, INDArray truth, int[] order) {
        INDArray r = net.getLayer(layer).getParam(WeightSharingConvolution.REPRESENTATION_KEY);
        Nd4j.getRandom().setSeed(11);
        for (int g = 1; g < 4; g++) {
            r.slice(g - 1).assign(truth.slice(order[g]).castTo(r.dataType()).mul(12)
                    .add(Nd4j.rand(r.dataType(), truth.size(1), truth.size(1)).mul(0.5)));
        }
    }

    private static ComputationGraph learnedNearC4(int[] liftOrder) {
        ComputationGraph net = net(FixedGroup.NONE);
        setNear(net, "lift", Permutations.c4GridRotations(K), liftOrder);
        setNear(net, "conv1", Permutations.c4ShiftTwist(K), new int[]{0, 1, 2, 3});
        return net;
    }

    private static INDArray batch() {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.FLOAT, 3, 81);
    }

    @Test
    void hardensToTheStockC4Network() {
        ComputationGraph learned = learnedNearC4(new int[]{0, 1, 2, 3});
        StackHardening.Result r = StackHardening.harden(learned);
        ComputationGraph hard = r.network();
        assertEquals(List.of("lift", "conv1"), r.layers().stream().map(StackHardening.HardenedLayer::layer).toList());
        for (StackHardening.HardenedLayer h : r.layers()) {
            assertEquals("C4", h.discovered().name(), h.layer());
            assertNull(hard.getLayer(h.layer()).paramTable().get(WeightSharingConvolution.REPRESENTATION_KEY),
                    h.layer() + ": no logits after hardening");
        }
        assertEquals(List.of(GridSymmetry.ROT90, GridSymmetry.ROT180, GridSymmetry.ROT270), r.symmetries());
        assertTrue(r.invarianceError() <= 1e-5, "quarter turns leave the output unchanged: " + r.invarianceError());

        // outside reference: the fixed-group C4 network with the same base kernels and biases
        ComputationGraph c4 = net(FixedGroup.C4);
        for (String layer : new String[]{"lift", "conv1"}) {
            c4.getLayer(layer).getParam("W").assign(learned.getLayer(layer).getParam("W"));
            c4.getLayer(layer).getParam("b").assign(learned.getLayer(layer).getParam("b"));
        }
        c4.getLayer("out").params().assign(learned.getLayer("out").params());
        INDArray x = batch();
        assertTrue(hard.outputSingle(x).sub(c4.outputSingle(x)).amaxNumber().doubleValue() < 1e-6,
                "hardened = FixedGroup.C4 with the same weights");

        // negative control: the soft source is not exactly invariant
        double soft = learned.outputSingle(GridSymmetry.ROT90.apply(x.reshape(3, 1, 9, 9)).reshape(3, 81))
                .sub(learned.outputSingle(x)).amaxNumber().doubleValue();
        assertTrue(soft > 10 * r.invarianceError(), "the unhardened network changes more: " + soft);
    }

    @Test
    void hardenedNetworkSurvivesJsonAndModelSerializer(@TempDir File dir) throws Exception {
        ComputationGraph hard = StackHardening.harden(learnedNearC4(new int[]{0, 1, 2, 3})).network();
        String json = hard.getConfiguration().toJson();
        assertTrue(json.contains("fixedPermutations"), "permutations in the JSON");
        assertEquals(hard.getConfiguration(), ComputationGraphConfiguration.fromJson(json), "JSON round trip");
        File f = new File(dir, "hard.zip");
        ModelSerializer.writeModel(hard, f, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(f, true);
        INDArray x = batch();
        assertEquals(0.0, back.outputSingle(x).sub(hard.outputSingle(x)).amaxNumber().doubleValue(), 0.0);
        back.fit(new org.nd4j.linalg.dataset.DataSet(x, Nd4j.eye(5).getRows(0, 1, 2)));   // still trains
    }

    @Test
    void refusesWhatIsNotAGroupOrNotHard() {
        IllegalArgumentException soft = assertThrows(IllegalArgumentException.class,
                () -> StackHardening.harden(net(FixedGroup.NONE)));
        assertTrue(soft.getMessage().contains("layer 'lift' element 1 is far from a hard permutation"), soft.getMessage());

        ComputationGraph scrambled = learnedNearC4(new int[]{0, 1, 2, 3});
        INDArray r = scrambled.getLayer("lift").getParam(WeightSharingConvolution.REPRESENTATION_KEY);
        INDArray transposition = Nd4j.eye(K * K).castTo(r.dataType());     // swap taps 0 and 1 in element 1
        transposition.putScalar(0, 0, 0);
        transposition.putScalar(1, 1, 0);
        transposition.putScalar(0, 1, 1);
        transposition.putScalar(1, 0, 1);
        r.slice(0).assign(transposition.mmul(Permutations.c4GridRotations(K).slice(1).castTo(r.dataType())).mul(12));
        IllegalArgumentException notGroup = assertThrows(IllegalArgumentException.class,
                () -> StackHardening.harden(scrambled));
        assertTrue(notGroup.getMessage().contains("layer 'lift' rounds to 4 distinct permutations that are not a group"),
                notGroup.getMessage());

        // each layer a C4 on its own, but the lift's elements in the opposite order to the group layer's
        IllegalArgumentException inconsistent = assertThrows(IllegalArgumentException.class,
                () -> StackHardening.harden(learnedNearC4(new int[]{0, 3, 2, 1})));
        assertTrue(inconsistent.getMessage().contains("not invariant"), inconsistent.getMessage());

        IllegalArgumentException fixed = assertThrows(IllegalArgumentException.class,
                () -> StackHardening.harden(net(FixedGroup.C4)));
        assertTrue(fixed.getMessage().contains("no learned weight-sharing layer"), fixed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StackHardening.harden(learnedNearC4(new int[]{0, 1, 2, 3}), 0, 1e-4));
    }

    @Test
    void gridSymmetriesAgreeWithTheKernelStacks() {
        for (int k : new int[]{3, 5}) {
            assertEquals(GridSymmetry.ROT90, GridSymmetry.ofTaps(org.wsnn.core.analysis.NearestPermutation.of(
                    Permutations.c4GridRotations(k).slice(1)).permutation().length == 0 ? null
                    : org.wsnn.core.group.Permutation.of(org.wsnn.core.analysis.NearestPermutation.of(
                    Permutations.c4GridRotations(k).slice(1)).permutation()), k).orElseThrow());
            assertEquals(GridSymmetry.MIRROR, GridSymmetry.ofTaps(org.wsnn.core.group.Permutation.of(
                    org.wsnn.core.analysis.NearestPermutation.of(Permutations.horizontalFlips(k).slice(1)).permutation()),
                    k).orElseThrow());
            // all eight are distinct permutations of the taps
            assertEquals(8, java.util.Arrays.stream(GridSymmetry.values()).map(s -> s.taps(k)).distinct().count());
        }
        INDArray img = Nd4j.arange(16).reshape(1, 4, 4).castTo(DataType.FLOAT);
        assertEquals(img, GridSymmetry.ROT90.apply(GridSymmetry.ROT270.apply(img)));
        assertFalse(img.equals(GridSymmetry.MIRROR.apply(img)));
        assertEquals(img, GridSymmetry.MIRROR.apply(GridSymmetry.MIRROR.apply(img)));
    }
}
