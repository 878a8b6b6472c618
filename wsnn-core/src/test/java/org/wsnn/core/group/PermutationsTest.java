package org.wsnn.core.group;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.TestArrays;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PermutationsTest {

    private static Map<String, INDArray> allStacks() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("cyclicShifts(7)", Permutations.cyclicShifts(7));
        m.put("c4GridRotations(3)", Permutations.c4GridRotations(3));
        m.put("c4GridRotations(4)", Permutations.c4GridRotations(4));
        m.put("rotations(8, 5)", Permutations.rotations(8, 5));
        m.put("rotations(4, 4)", Permutations.rotations(4, 4));
        m.put("horizontalFlips(4)", Permutations.horizontalFlips(4));
        m.put("c4ShiftTwist(3)", Permutations.c4ShiftTwist(3));
        m.put("shiftTwist(cyclicShifts(3))", Permutations.shiftTwist(Permutations.cyclicShifts(3)));
        return m;
    }

    private static INDArray el(INDArray stack, int g) {
        return stack.slice(g).dup();
    }

    private static void assertSame(INDArray expected, INDArray actual, String message) {
        assertArrayEquals(expected.shape(), actual.shape(), message + " (shape)");
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 0.0, message);
    }

    @Test
    void elementZeroIsTheIdentity() {
        allStacks().forEach((name, s) -> {
            assertEquals(3, s.rank(), name + " rank");
            assertEquals(s.size(1), s.size(2), name + " square");
            assertSame(Nd4j.eye(s.size(1)).castTo(s.dataType()), el(s, 0), name + ": element 0 is the identity");
        });
    }

    @Test
    void exactStacksArePermutations() {
        allStacks().forEach((name, s) -> {
            if (!name.startsWith("rotations(8")) {
                assertTrue(Permutations.isPermutationStack(s, 0), name + " should be exact permutations");
            }
        });
        assertFalse(Permutations.isPermutationStack(Permutations.rotations(8, 5), 1e-9),
                "rotations(8, 5) has interpolated (non-permutation) elements");
        assertFalse(Permutations.isPermutationStack(Nd4j.valueArrayOf(new long[]{1, 3, 3}, 1.0 / 3, DataType.DOUBLE), 1e-9),
                "uniform matrix is not a permutation");
    }

    @Test
    void c4GridRotationsFormTheCyclicGroup() {
        for (int k : new int[]{2, 3, 5}) {
            INDArray s = Permutations.c4GridRotations(k);
            INDArray p1 = el(s, 1);
            INDArray id = Nd4j.eye(k * k).castTo(s.dataType());
            assertSame(el(s, 2), p1.mmul(p1), "k=" + k + ": P1·P1 = P2");
            assertSame(el(s, 3), p1.mmul(p1).mmul(p1), "k=" + k + ": P1³ = P3");
            assertSame(id, p1.mmul(p1).mmul(p1).mmul(p1), "k=" + k + ": P1⁴ = I");
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    assertSame(el(s, (a + b) % 4), el(s, a).mmul(el(s, b)), "k=" + k + ": P" + a + "·P" + b);
                }
            }
        }
    }

    @Test
    void c4RotationIsNumpyRot90() {
        // w = [[0,1,2],[3,4,5],[6,7,8]]; numpy rot90(w) = [[2,5,8],[1,4,7],[0,3,6]]
        INDArray w = Nd4j.arange(9).castTo(DataType.DOUBLE).reshape(9, 1);
        INDArray rotated = el(Permutations.c4GridRotations(3), 1).castTo(DataType.DOUBLE).mmul(w);
        assertArrayEquals(new double[]{2, 5, 8, 1, 4, 7, 0, 3, 6}, rotated.data().asDouble(), 0, "P1 w = rot90(w)");
    }

    @Test
    void interpolatedRotationsAgreeWithC4() {
        for (int k : new int[]{3, 4, 5}) {
            assertSame(Permutations.c4GridRotations(k), Permutations.rotations(4, k), "rotations(4, " + k + ") = c4GridRotations");
            INDArray c8 = Permutations.rotations(8, k);
            INDArray c4 = Permutations.c4GridRotations(k);
            for (int g = 0; g < 4; g++) {
                assertSame(el(c4, g), el(c8, 2 * g), "rotations(8, " + k + ") element " + 2 * g + " = C4 element " + g);
            }
        }
    }

    @Test
    void oddC8RotationsAreSubStochasticInterpolations() {
        INDArray c8 = Permutations.rotations(8, 5);
        for (int g = 1; g < 8; g += 2) {
            INDArray rowSums = el(c8, g).sum(1);
            double max = rowSums.maxNumber().doubleValue();
            assertTrue(max <= 1 + 1e-12, "element " + g + ": bilinear weights per row sum to at most 1, found " + max);
            assertTrue(el(c8, g).minNumber().doubleValue() >= 0, "element " + g + ": non-negative");
            // the centre tap maps to itself under every rotation about the centre
            assertEquals(1.0, el(c8, g).getDouble(12, 12), 1e-12, "element " + g + ": centre fixed");
        }
    }

    @Test
    void cyclicShiftsCompose() {
        int n = 6;
        INDArray s = Permutations.cyclicShifts(n);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                assertSame(el(s, (a + b) % n), el(s, a).mmul(el(s, b)), "P" + a + "·P" + b + " = P" + (a + b) % n);
            }
        }
        // (P_1 x)_i = x_{i−1}
        INDArray x = Nd4j.arange(n).castTo(DataType.DOUBLE).reshape(n, 1);
        assertArrayEquals(new double[]{5, 0, 1, 2, 3, 4}, el(s, 1).castTo(DataType.DOUBLE).mmul(x).data().asDouble(), 0,
                "P1 shifts right by one");
    }

    @Test
    void shiftTwistIsARepresentation() {
        INDArray s = Permutations.c4ShiftTwist(3);
        assertArrayEquals(new long[]{4, 36, 36}, s.shape(), "c4ShiftTwist(3) shape");
        assertTrue(Permutations.isPermutationStack(s, 0), "shift-twist elements are permutations");
        INDArray p1 = el(s, 1);
        assertSame(Nd4j.eye(36).castTo(s.dataType()), p1.mmul(p1).mmul(p1).mmul(p1), "shift-twist P1⁴ = I");
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                assertSame(el(s, (a + b) % 4), el(s, a).mmul(el(s, b)), "shift-twist P" + a + "·P" + b);
            }
        }
    }

    @Test
    void shiftTwistActsAsDocumented() {
        // (P_g W)[h] = S_g W[(h − g) mod G]
        int k = 3;
        int d = k * k;
        INDArray spatial = Permutations.c4GridRotations(k).castTo(DataType.DOUBLE);
        INDArray twist = Permutations.shiftTwist(spatial);
        INDArray w = TestArrays.uniform(11, 4 * d, 1);
        for (int g = 0; g < 4; g++) {
            INDArray out = el(twist, g).mmul(w);
            for (int h = 0; h < 4; h++) {
                int src = Math.floorMod(h - g, 4);
                INDArray expected = el(spatial, g).mmul(w.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(src * d, (src + 1) * d),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()));
                INDArray got = out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(h * d, (h + 1) * d),
                        org.nd4j.linalg.indexing.NDArrayIndex.all());
                assertTrue(expected.equalsWithEps(got, 1e-15), "shift-twist g=" + g + " block h=" + h);
            }
        }
    }

    @Test
    void horizontalFlipSquaredIsIdentity() {
        for (int k : new int[]{2, 3, 4}) {
            INDArray f = el(Permutations.horizontalFlips(k), 1);
            assertSame(Nd4j.eye(k * k).castTo(f.dataType()), f.mmul(f), "k=" + k + ": flip² = I");
        }
    }

    @Test
    void rejectsBadArguments() {
        String m = assertThrows(IllegalArgumentException.class, () -> Permutations.cyclicShifts(0), "n = 0").getMessage();
        assertTrue(m.contains("n") && m.contains("0"), "message: " + m);
        m = assertThrows(IllegalArgumentException.class, () -> Permutations.rotations(8, -1), "k = -1").getMessage();
        assertTrue(m.contains("k") && m.contains("-1"), "message: " + m);
        m = assertThrows(IllegalArgumentException.class, () -> Permutations.shiftTwist(Nd4j.zeros(2, 3, 4)),
                "non-square spatial").getMessage();
        assertTrue(m.contains("[2, 3, 4]"), "message: " + m);
    }
}
