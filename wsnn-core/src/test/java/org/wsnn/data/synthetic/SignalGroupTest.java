package org.wsnn.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.wsnn.core.group.Permutations;

class SignalGroupTest {

    static boolean isPermutation(double[][] p) {
        int d = p.length;
        int[] colCount = new int[d];
        for (double[] row : p) {
            int ones = 0;
            for (int j = 0; j < d; j++) {
                if (row[j] == 1.0) {
                    ones++;
                    colCount[j]++;
                } else if (row[j] != 0.0) {
                    return false;
                }
            }
            if (ones != 1) {
                return false;
            }
        }
        return Arrays.stream(colCount).allMatch(c -> c == 1);
    }

    private static boolean isIdentity(double[][] p) {
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (p[i][j] != (i == j ? 1.0 : 0.0)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int d = a.length;
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                if (a[i][k] != 0) {
                    for (int j = 0; j < d; j++) {
                        c[i][j] += a[i][k] * b[k][j];
                    }
                }
            }
        }
        return c;
    }

    private static String key(double[][] p) {
        return Arrays.deepToString(p);
    }

    @Test
    void exactGroupsAreDistinctPermutationsStartingWithIdentity() {
        for (SignalGroup g : List.of(SignalGroup.cyclicShifts(12), SignalGroup.c4Rotations(7),
                SignalGroup.voxelC4xC4(), SignalGroup.cubeRotations())) {
            Set<String> distinct = new HashSet<>();
            for (int e = 0; e < g.size(); e++) {
                assertTrue(isPermutation(g.matrix(e)), g.name() + ": element " + e + " is an exact permutation");
                distinct.add(key(g.matrix(e)));
            }
            assertEquals(g.size(), distinct.size(), g.name() + ": elements are distinct");
            assertTrue(isIdentity(g.matrix(0)), g.name() + ": element 0 is the identity");
            assertTrue(Permutations.isPermutationStack(g.toINDArray(), 0.0), g.name() + ": INDArray stack check");
        }
        assertEquals(12, SignalGroup.cyclicShifts(12).size(), "shifts: size");
        assertEquals(16, SignalGroup.voxelC4xC4().size(), "C4xC4: size");
        assertEquals(24, SignalGroup.cubeRotations().size(), "cube: size");
    }

    @Test
    void cubeRotationsAreClosedAndContainC4xC4() {
        SignalGroup cube = SignalGroup.cubeRotations();
        Set<String> elements = new HashSet<>();
        for (int e = 0; e < cube.size(); e++) {
            elements.add(key(cube.matrix(e)));
        }
        for (int a = 0; a < cube.size(); a++) {
            for (int b = 0; b < cube.size(); b++) {
                assertTrue(elements.contains(key(multiply(cube.matrix(a), cube.matrix(b)))),
                        "cube: product of elements " + a + " and " + b + " stays in the group");
            }
        }
        SignalGroup c4c4 = SignalGroup.voxelC4xC4();
        for (int e = 0; e < c4c4.size(); e++) {
            assertTrue(elements.contains(key(c4c4.matrix(e))), "C4xC4 element " + e + " is a cube rotation");
        }
        // the centre voxel (index 13) is fixed by every rotation
        for (int e = 0; e < cube.size(); e++) {
            assertEquals(1.0, cube.matrix(e)[13][13], "cube element " + e + " fixes the centre voxel");
        }
    }

    @Test
    void c4xc4FactorsAreQuarterTurnsAboutTwoAxes() {
        SignalGroup g = SignalGroup.voxelC4xC4();
        double[][] rz = g.matrix(4);
        double[][] rx = g.matrix(1);
        double[][] p = rz;
        for (int t = 1; t < 4; t++) {
            assertTrue(!isIdentity(p), "Rz^" + t + " is not the identity");
            p = multiply(p, rz);
        }
        assertTrue(isIdentity(p), "Rz^4 is the identity");
        // Rz fixes the z axis through the centre: voxels (z, 1, 1) for z = 0..2 have indices 4, 13, 22
        for (int v : new int[] {4, 13, 22}) {
            assertEquals(1.0, rz[v][v], "Rz fixes axis voxel " + v);
        }
        // Rx fixes the x axis: voxels (1, 1, x) have indices 12, 13, 14
        for (int v : new int[] {12, 13, 14}) {
            assertEquals(1.0, rx[v][v], "Rx fixes axis voxel " + v);
        }
        assertTrue(!key(multiply(rz, rx)).equals(key(multiply(rx, rz))), "Rz and Rx do not commute");
        assertEquals(key(multiply(rz, rx)), key(g.matrix(5)), "element 5 is Rz·Rx");
    }

    @Test
    void c8HasExactQuarterTurnsAndInterpolatedDiagonals() {
        SignalGroup c8 = SignalGroup.rotations(8, 7);
        SignalGroup c4 = SignalGroup.c4Rotations(7);
        for (int e = 0; e < 8; e++) {
            double[][] m = c8.matrix(e);
            if (e % 2 == 0) {
                assertTrue(isPermutation(m), "C8 element " + e + " (multiple of 90 deg) is exact");
                assertEquals(key(c4.matrix(e / 2)), key(m), "C8 element " + e + " equals C4 element " + e / 2);
            } else {
                assertTrue(!isPermutation(m), "C8 element " + e + " (45 deg + k·90) is interpolated");
                for (int i = 0; i < m.length; i++) {
                    double s = Arrays.stream(m[i]).sum();
                    assertTrue(s <= 1 + 1e-12 && Arrays.stream(m[i]).allMatch(v -> v >= 0),
                            "C8 element " + e + " row " + i + ": non-negative weights summing to <= 1, found " + s);
                }
            }
        }
        boolean[] disk = c8.support();
        assertTrue(!disk[0] && disk[3] && disk[24], "7x7 support: corner out, edge middle and centre in");
    }

    @Test
    void shiftsActAsDocumented() {
        SignalGroup g = SignalGroup.cyclicShifts(5);
        double[] x = {1, 2, 3, 4, 5};
        assertArrayEquals(new double[] {4, 5, 1, 2, 3}, g.apply(2, x), "shift 2: x'_i = x_{(i-2) mod 5}");
    }

    @Test
    void subsetsAndBadArguments() {
        SignalGroup half = SignalGroup.cyclicShifts(12).firstHalf();
        assertEquals(6, half.size(), "first half of 12 shifts");
        assertEquals(key(SignalGroup.cyclicShifts(12).matrix(5)), key(half.matrix(5)), "first half keeps order");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SignalGroup.cyclicShifts(4).subset(4), "subset index 4 of 4");
        assertTrue(e.getMessage().contains("[0, 4)") && e.getMessage().contains("found 4"), "subset: " + e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> SignalGroup.cyclicShifts(0),
                "zero-length shifts");
        assertTrue(e2.getMessage().contains("n >= 1") && e2.getMessage().contains("found 0"), "n=0: " + e2.getMessage());
    }
}
