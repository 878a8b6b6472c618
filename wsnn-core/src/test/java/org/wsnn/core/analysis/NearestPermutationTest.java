package org.wsnn.core.analysis;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.TestArrays;
import org.wsnn.core.group.Permutations;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NearestPermutationTest {

    @Test
    void agreesWithBruteForceOnRandom5x5() {
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            double[][] w = new double[5][5];
            for (double[] row : w) {
                for (int j = 0; j < 5; j++) {
                    // integers in some trials to create ties, reals in the others
                    row[j] = trial % 2 == 0 ? random.nextInt(4) : random.nextGaussian();
                }
            }
            NearestPermutation p = NearestPermutation.of(w);
            double best = bruteForce(w, new int[5], new boolean[5], 0);
            assertEquals(best, p.score(), 1e-12, "trial " + trial + ": Hungarian score vs brute force");
            double check = 0;
            for (int i = 0; i < 5; i++) {
                check += w[i][p.permutation()[i]];
            }
            assertEquals(p.score(), check, 1e-12, "trial " + trial + ": reported score is the permutation's score");
        }
    }

    @Test
    void noisyPermutationIsRecovered() {
        Random random = new Random(7);
        for (int d : new int[]{3, 16, 60}) {
            int[] sigma = shuffled(d, random);
            double[][] w = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    w[i][j] = 0.3 * random.nextDouble() + (j == sigma[i] ? 0.6 : 0);
                }
            }
            assertArrayEquals(sigma, NearestPermutation.of(w).permutation(), "d=" + d + ": noisy permutation recovered");
        }
    }

    @Test
    void permutationsOfAStackAndHarden() {
        INDArray truth = Permutations.c4GridRotations(4);
        INDArray noisy = truth.mul(0.8).addi(TestArrays.uniform(3, truth.shape()).muli(0.05));
        List<NearestPermutation> list = NearestPermutation.ofStack(noisy);
        assertEquals(4, list.size(), "one result per element");
        for (int g = 0; g < 4; g++) {
            assertEquals(0, truth.slice(g).castTo(DataType.DOUBLE).sub(list.get(g).matrix()).amaxNumber().doubleValue(), 0,
                    "element " + g + ": matrix() equals the true rotation");
        }
        INDArray hard = NearestPermutation.harden(noisy);
        assertEquals(0, hard.sub(truth.castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 0, "harden(noisy) = truth");
        assertEquals(DataType.DOUBLE, hard.dataType(), "harden keeps the data type");
        INDArray single = NearestPermutation.harden(noisy.slice(2).castTo(DataType.FLOAT));
        assertArrayEquals(new long[]{16, 16}, single.shape(), "harden of a matrix keeps rank 2");
        assertEquals(DataType.FLOAT, single.dataType(), "harden keeps float32");
    }

    @Test
    void largeMatrixIsFastEnough() {
        Random random = new Random(5);
        int d = 400;
        int[] sigma = shuffled(d, random);
        double[][] w = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                w[i][j] = random.nextDouble() * 0.5 + (j == sigma[i] ? 0.55 : 0);
            }
        }
        long start = System.nanoTime();
        int[] got = NearestPermutation.of(w).permutation();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertArrayEquals(sigma, got, "d=400 noisy permutation");
        assertTrue(seconds < 5, "d=400 took " + seconds + " s");
    }

    @Test
    void rejectsBadInput() {
        String m = assertThrows(IllegalArgumentException.class, () -> NearestPermutation.of(new double[][]{{1, 2}, {3}}),
                "ragged").getMessage();
        assertTrue(m.contains("row 1") && m.contains("expected 2, found 1"), "message: " + m);
        m = assertThrows(IllegalArgumentException.class, () -> NearestPermutation.of(new double[][]{{1, Double.NaN}, {0, 1}}),
                "NaN").getMessage();
        assertTrue(m.contains("NaN"), "message: " + m);
        m = assertThrows(IllegalArgumentException.class, () -> NearestPermutation.of(Permutations.cyclicShifts(3)),
                "stack to of").getMessage();
        assertTrue(m.contains("stack of 3"), "message: " + m);
        m = assertThrows(IllegalArgumentException.class, () -> new NearestPermutation(new int[]{0, 0}, 1),
                "not a permutation").getMessage();
        assertTrue(m.contains("[0, 0]"), "message: " + m);
    }

    private static int[] shuffled(int d, Random random) {
        int[] s = new int[d];
        for (int i = 0; i < d; i++) {
            s[i] = i;
        }
        for (int i = d - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return s;
    }

    private static double bruteForce(double[][] w, int[] perm, boolean[] used, int row) {
        if (row == w.length) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
                s += w[i][perm[i]];
            }
            return s;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < w.length; j++) {
            if (!used[j]) {
                used[j] = true;
                perm[row] = j;
                best = Math.max(best, bruteForce(w, perm, used, row + 1));
                used[j] = false;
            }
        }
        return best;
    }
}
