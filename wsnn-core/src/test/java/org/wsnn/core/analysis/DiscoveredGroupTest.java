package org.wsnn.core.analysis;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.group.PermutationGroup;
import org.wsnn.core.group.Permutations;
import org.wsnn.data.synthetic.SignalGroup;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoveredGroupTest {

    private static int[] support(SignalGroup g) {
        return java.util.stream.IntStream.range(0, g.dimension()).filter(i -> g.support()[i]).toArray();
    }

    /** Mixes each element with the uniform matrix: (1 − t) P + t/d, still doubly stochastic, rounds to P. */
    private static INDArray soften(INDArray stack, double t) {
        long d = stack.size(1);
        return stack.mul(1 - t).add(t / d);
    }

    @Test
    void namesTheTasksGroupsFromTheirSoftenedStacks() {
        DiscoveredGroup shifts = DiscoveredGroup.of(soften(Permutations.cyclicShifts(12), 0.05));
        assertEquals("C12", shifts.name());
        assertTrue(shifts.closed());
        assertEquals(12, shifts.closureOrder());
        assertEquals(12, shifts.distinct());
        assertArrayEquals(new int[]{1}, shifts.generators());
        assertEquals(0.95 + 0.05 / 12, shifts.minimumMass(), 1e-9);
        assertEquals("4^3", shifts.elements().get(3).cycleType());

        SignalGroup partial = SignalGroup.cyclicShifts(12).firstHalf();
        DiscoveredGroup half = DiscoveredGroup.of(partial.toINDArray());
        assertFalse(half.closed(), "shifts 0..5 are not a group");
        assertEquals(12, half.closureOrder());
        assertEquals("C12", half.name());

        SignalGroup c4 = SignalGroup.c4Rotations(7);
        DiscoveredGroup rot = DiscoveredGroup.of(c4.toINDArray(), support(c4), PermutationGroup.DEFAULT_ORDER_LIMIT);
        assertEquals("C4", rot.name());
        assertTrue(rot.closed());

        DiscoveredGroup c4xc4 = DiscoveredGroup.of(SignalGroup.voxelC4xC4().toINDArray());
        assertFalse(c4xc4.closed(), "the 16 products Rz^a Rx^b are not closed");
        assertEquals(24, c4xc4.closureOrder());
        assertEquals("O", c4xc4.name());

        DiscoveredGroup cube = DiscoveredGroup.of(SignalGroup.cubeRotations().toINDArray());
        assertTrue(cube.closed());
        assertEquals(24, cube.closureOrder());
        assertEquals("O", cube.name());
    }

    @Test
    void theSupportDecidesWhatIsRounded() {
        // corners of the 7x7 grid outside the disk scrambled differently in each element: on the whole
        // matrix the rounded set is no longer C4; on the support it still is
        SignalGroup c4 = SignalGroup.c4Rotations(7);
        INDArray stack = c4.toINDArray().dup();
        int[] outside = java.util.stream.IntStream.range(0, 49).filter(i -> !c4.support()[i]).toArray();
        for (int g = 1; g < 4; g++) {
            for (int i : outside) {
                for (int j : outside) {
                    stack.putScalar(new long[]{g, i, j}, 0);
                }
            }
            for (int k = 0; k < outside.length; k++) {    // a different shift of the corners per element
                stack.putScalar(new long[]{g, outside[k], outside[(k + g) % outside.length]}, 1);
            }
        }
        assertEquals("C4", DiscoveredGroup.of(stack, support(c4), PermutationGroup.DEFAULT_ORDER_LIMIT).name());
        assertFalse(DiscoveredGroup.of(stack).name().equals("C4"));
    }

    @Test
    void negativeControls() {
        // random permutations: not closed, closure beyond the cap, named by its bound only
        Random random = new Random(3);
        INDArray stack = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 12, 12);
        for (int g = 0; g < 4; g++) {
            java.util.List<Integer> images = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                images.add(i);
            }
            java.util.Collections.shuffle(images, random);
            for (int i = 0; i < 12; i++) {
                stack.putScalar(new long[]{g, i, images.get(i)}, 1);
            }
        }
        DiscoveredGroup random4 = DiscoveredGroup.of(stack, null, 2000);
        assertFalse(random4.closed());
        assertFalse(random4.closureKnown());
        assertEquals("order > 2000", random4.name());
        Map<String, Object> json = random4.toJson();
        assertNull(json.get("closureOrder"));
        assertTrue(random4.summaryLine().contains("more than 2000"), random4.summaryLine());

        // the uniform matrix is far from every permutation: mass 1/d
        INDArray uniform = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 6, 6).div(6);
        assertEquals(1.0 / 6, DiscoveredGroup.of(uniform).minimumMass(), 1e-12);

        assertThrows(IllegalArgumentException.class, () -> DiscoveredGroup.of(stack, new int[]{3, 2}, 10));
        assertThrows(IllegalArgumentException.class, () -> DiscoveredGroup.of(stack, new int[]{12}, 10));
    }
}
