package org.wsnn.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.group.Permutations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C8 and C16 fixed stacks (interpolated rotations), their memoisation, and layers built on them. */
class FixedGroupRotationsTest {

    private static INDArray element(INDArray stack, int g) {
        return stack.slice(g);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 7})
    void c8LiftingStackHasEightElementsAndContainsC4(int k) {
        INDArray c8 = FixedGroup.C8.stack(k, 1);
        INDArray c4 = FixedGroup.C4.stack(k, 1);
        assertArrayEquals(new long[]{8, (long) k * k, (long) k * k}, c8.shape());
        assertEquals(Nd4j.eye(k * k).castTo(c8.dataType()), element(c8, 0), "element 0 is the identity");
        // 90° is exact on the grid: C8's element 2 is C4's element 1, both from the real Permutations output
        for (int g = 0; g < 4; g++) {
            assertEquals(element(c4, g), element(c8, 2 * g), "C8 element " + 2 * g + " = C4 element " + g + ", k = " + k);
        }
        assertEquals(element(Permutations.rotations(8, k), 1), element(c8, 1), "C8 element 1: bilinear rotation by 45°");
        assertFalse(Permutations.isPermutationStack(element(c8, 1).reshape(1, k * k, k * k), 1e-9),
                "rotation by 45° is interpolated, not a permutation");
    }

    @Test
    void c16LiftingStackContainsC4AtMultiplesOfFour() {
        INDArray c16 = FixedGroup.C16.stack(5, 1);
        INDArray c4 = FixedGroup.C4.stack(5, 1);
        assertArrayEquals(new long[]{16, 25, 25}, c16.shape());
        for (int g = 0; g < 4; g++) {
            assertEquals(element(c4, g), element(c16, 4 * g), "C16 element " + 4 * g);
        }
        // every row of an interpolated rotation sums to at most 1 (zero fill outside the grid), none negative
        assertTrue(c16.minNumber().doubleValue() >= 0);
        assertTrue(c16.sum(2).maxNumber().doubleValue() <= 1 + 1e-12);
    }

    @Test
    void groupLayerStackIsTheShiftTwist() {
        INDArray spatial = FixedGroup.C8.stack(3, 1);
        INDArray group = FixedGroup.C8.stack(3, 8);
        assertArrayEquals(new long[]{8, 72, 72}, group.shape());
        assertEquals(Permutations.shiftTwist(spatial), group);
        assertArrayEquals(new long[]{16, 16 * 9, 16 * 9}, FixedGroup.C16.stack(3, 16).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FixedGroup.C8.stack(3, 4));
        assertTrue(e.getMessage().contains("found 4"), e.getMessage());
    }

    @Test
    void memoisedStackIsACopyEachTime() {
        INDArray first = FixedGroup.C8.stack(5, 8);
        INDArray second = FixedGroup.C8.stack(5, 8);
        assertEquals(first, second);
        assertNotSame(first, second);
        first.assign(-1);
        assertEquals(second, FixedGroup.C8.stack(5, 8), "modifying a returned stack must not change the cache");
        assertEquals(Permutations.shiftTwist(Permutations.rotations(8, 5)), FixedGroup.C8.stack(5, 8));
    }

    @Test
    void liftingAndGroupConvWithC8RunForward() {
        WeightSharingLifting lift = new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(8)
                .fixedGroup(FixedGroup.C8).build();
        WeightSharingGroupConv conv = new WeightSharingGroupConv.Builder().nOut(3).kernelSize(3).groupSize(8)
                .fixedGroup(FixedGroup.C8).build();
        MultiLayerNetwork net = TestNets.stack(InputType.convolutional(9, 9, 1), DataType.FLOAT, lift, conv);
        assertFalse(net.getLayer(0).paramTable().containsKey(WeightSharingConvolution.REPRESENTATION_KEY), "no logits");
        INDArray y = net.output(Nd4j.rand(DataType.FLOAT, 2, 1, 9, 9));
        assertArrayEquals(new long[]{2, 3, 8, 5, 5}, y.shape());
        assertFalse(y.isNaN().any(), "finite output");
    }

    @Test
    void groupConvWithC16RunsForwardOnGroupInput() {
        WeightSharingGroupConv conv = new WeightSharingGroupConv.Builder().nOut(1).kernelSize(3).groupSize(16)
                .fixedGroup(FixedGroup.C16).build();
        MultiLayerNetwork net = TestNets.stack(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 16, 6, 6, 2),
                DataType.FLOAT, conv);
        INDArray y = net.output(Nd4j.rand(DataType.FLOAT, 1, 2, 16, 6, 6));
        assertArrayEquals(new long[]{1, 1, 16, 4, 4}, y.shape());
    }

    @Test
    void groupSizeMismatchNamesTheValueFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WeightSharingGroupConv.Builder()
                .nOut(2).kernelSize(3).groupSize(4).fixedGroup(FixedGroup.C8).build());
        for (String f : new String[]{"groupSize", "expected 8", "C8", "found 4"}) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should contain '" + f + "'");
        }
        e = assertThrows(IllegalArgumentException.class, () -> new WeightSharingLifting.Builder()
                .nOut(2).kernelSize(3).groupSize(8).fixedGroup(FixedGroup.C16).build());
        assertTrue(e.getMessage().contains("found 8"), e.getMessage());
    }

    @Test
    void newConstantsSurviveJson() {
        MultiLayerConfiguration conf = TestNets.stack(InputType.convolutional(7, 7, 1), DataType.FLOAT,
                new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(16).fixedGroup(FixedGroup.C16).build(),
                new WeightSharingGroupConv.Builder().nOut(2).kernelSize(3).groupSize(16).fixedGroup(FixedGroup.C16).build())
                .getLayerWiseConfigurations();
        String json = conf.toJson();
        assertTrue(json.contains("\"C16\""), "the enum is written by name");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(FixedGroup.C16, ((WeightSharingGroupConv) back.getConf(1).getLayer()).getRepresentation().getFixedGroup());
        assertEquals(conf, back);
    }
}
