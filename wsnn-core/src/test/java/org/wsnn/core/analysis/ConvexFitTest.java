package org.wsnn.core.analysis;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.TestArrays;
import org.wsnn.core.sinkhorn.Sinkhorn;
import org.wsnn.core.group.Permutations;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvexFitTest {

    private static INDArray el(INDArray stack, int g) {
        return stack.slice(g).castTo(DataType.DOUBLE);
    }

    private static void assertCoefficients(double[] expected, double[] actual, double tol, String name) {
        assertArrayEquals(expected, actual, tol, name + ": coefficients " + java.util.Arrays.toString(actual));
    }

    @Test
    void recoversAKnownConvexCombination() {
        INDArray truth = Permutations.c4GridRotations(3);
        INDArray r = el(truth, 1).mul(0.7).addi(el(truth, 3).mul(0.3));
        ConvexFit.Result fit = ConvexFit.fit(r, truth);
        assertCoefficients(new double[]{0, 0.7, 0, 0.3}, fit.coefficients()[0], 1e-6, "0.7 P1 + 0.3 P3 (C4, k=3)");
        assertTrue(fit.residuals()[0] < 1e-9, "residual of an exact combination: " + fit.residuals()[0]);
        assertTrue(fit.allConverged(), "converged: " + fit);
    }

    @Test
    void recoversThreeTermCombinationsOfShifts() {
        INDArray truth = Permutations.cyclicShifts(12);
        INDArray r = Nd4j.stack(0, el(truth, 2).mul(0.5).addi(el(truth, 5).mul(0.25)).addi(el(truth, 11).mul(0.25)),
                el(truth, 0).mul(0.9).addi(el(truth, 6).mul(0.1)));
        ConvexFit.Result fit = ConvexFit.fit(r, truth);
        double[] first = new double[12];
        first[2] = 0.5;
        first[5] = 0.25;
        first[11] = 0.25;
        double[] second = new double[12];
        second[0] = 0.9;
        second[6] = 0.1;
        assertCoefficients(first, fit.coefficients()[0], 1e-9, "0.5 P2 + 0.25 P5 + 0.25 P11 (shifts of 12)");
        assertCoefficients(second, fit.coefficients()[1], 1e-9, "0.9 P0 + 0.1 P6 (shifts of 12)");
    }

    @Test
    void exactPermutationGetsCoefficientOne() {
        INDArray truth = Permutations.c4ShiftTwist(3);
        for (int g = 0; g < 4; g++) {
            ConvexFit.Result fit = ConvexFit.fit(truth.slice(g), truth);
            double[] expected = new double[4];
            expected[g] = 1;
            assertCoefficients(expected, fit.coefficients()[0], 1e-9, "shift-twist element " + g);
            assertEquals(0, fit.relativeResiduals()[0], 1e-9, "relative residual of element " + g);
        }
    }

    @Test
    void coefficientsAreOnTheSimplex() {
        INDArray learned = Sinkhorn.normalize(TestArrays.uniform(4, 5, 25, 25).muli(8), 20);
        ConvexFit.Result fit = ConvexFit.fit(learned, Permutations.rotations(8, 5));
        for (int i = 0; i < fit.elements(); i++) {
            double sum = 0;
            for (double c : fit.coefficients()[i]) {
                assertTrue(c >= 0, "element " + i + ": coefficient " + c + " negative");
                sum += c;
            }
            assertEquals(1, sum, 1e-12, "element " + i + ": coefficients sum to 1");
        }
        assertArrayEquals(new long[]{5, 8}, fit.coefficientMatrix().shape(), "heatmap shape [n, K]");
    }

    @Test
    void randomDoublyStochasticMatrixFitsASmallGroupBadly() {
        INDArray learned = Sinkhorn.normalize(TestArrays.uniform(5, 3, 16, 16).muli(6), 30);
        ConvexFit.Result fit = ConvexFit.fit(learned, Permutations.c4GridRotations(4));
        for (int i = 0; i < 3; i++) {
            assertTrue(fit.relativeResiduals()[i] > 0.5, "element " + i + ": relative residual "
                    + fit.relativeResiduals()[i] + " should be large against C4");
        }
        // a permutation stack fits itself exactly (contrast)
        ConvexFit.Result self = ConvexFit.fit(Permutations.c4GridRotations(4), Permutations.c4GridRotations(4));
        assertTrue(self.maxResidual() < 1e-9, "C4 against itself: " + self);
    }

    @Test
    void optimalityAgainstRandomFeasiblePoints() {
        // KKT check through sampling: no random point of the simplex has a smaller objective
        INDArray truth = Permutations.rotations(8, 3);
        INDArray r = Sinkhorn.normalize(TestArrays.uniform(6, 9, 9)
                .muli(5), 20);
        ConvexFit.Result fit = ConvexFit.fit(r, truth);
        double best = objective(r, truth, fit.coefficients()[0]);
        assertEquals(fit.residuals()[0] * fit.residuals()[0], best, 1e-10, "reported residual is the objective");
        Random random = new Random(6);
        for (int trial = 0; trial < 500; trial++) {
            double[] c = new double[8];
            double s = 0;
            for (int k = 0; k < 8; k++) {
                c[k] = -Math.log(1 - random.nextDouble()) * (random.nextInt(3) == 0 ? 0 : 1);
                s += c[k];
            }
            if (s == 0) {
                continue;
            }
            for (int k = 0; k < 8; k++) {
                c[k] /= s;
            }
            assertTrue(objective(r, truth, c) >= best - 1e-10, "trial " + trial + ": random simplex point beats the fit");
        }
    }

    @Test
    void degenerateTruthStillConverges() {
        // repeated identical elements: the minimiser is not unique, the fit must still be optimal and feasible
        INDArray p = Permutations.cyclicShifts(5);
        INDArray truth = Nd4j.concat(0, p, p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all()));
        INDArray r = el(p, 1).mul(0.6).addi(el(p, 2).mul(0.4));
        ConvexFit.Result fit = ConvexFit.fit(r, truth);
        double[] c = fit.coefficients()[0];
        assertEquals(0.6, c[1] + c[5], 1e-9, "weight on the two copies of P1");
        assertEquals(0.4, c[2] + c[6], 1e-9, "weight on the two copies of P2");
        assertTrue(fit.residuals()[0] < 1e-6, "residual " + fit.residuals()[0]);
    }

    @Test
    void largeProblemIsFastEnough() {
        // d = 400 (20×20 grid), K = 24 true elements (C4 rotations mixed with 20 shifted copies), n = 8
        INDArray c4 = Permutations.c4GridRotations(20);
        INDArray shifts = Nd4j.zeros(DataType.DOUBLE, 20, 400, 400);
        for (int s = 1; s <= 20; s++) {
            for (int i = 0; i < 400; i++) {
                shifts.putScalar(new long[]{s - 1, i, Math.floorMod(i - s, 400)}, 1.0);
            }
        }
        INDArray truth = Nd4j.concat(0, c4, shifts);
        INDArray learned = Sinkhorn.normalize(c4.mul(3).addi(TestArrays.uniform(7, 4, 400, 400)), 10);
        learned = Nd4j.concat(0, learned, c4.castTo(DataType.DOUBLE));
        long start = System.nanoTime();
        ConvexFit.Result fit = ConvexFit.fit(learned, truth);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 10, "d=400, K=24, n=8 took " + seconds + " s");
        for (int g = 0; g < 4; g++) {
            assertEquals(1, fit.coefficients()[4 + g][g], 1e-9, "exact rotation " + g + " in the large problem");
        }
        assertTrue(fit.allConverged(), "large problem converged: " + fit);
    }

    @Test
    void convergesOnSoftAndDegenerateProblems() {
        INDArray soft = Sinkhorn.normalize(TestArrays.uniform(8, 6, 25, 25).muli(4), 20);
        INDArray uniform = Nd4j.valueArrayOf(new long[]{2, 25, 25}, 1.0 / 25, DataType.DOUBLE);
        INDArray[] truths = {Permutations.rotations(8, 5), Permutations.c4GridRotations(5),
                Nd4j.concat(0, Permutations.rotations(8, 5), Permutations.rotations(8, 5))};
        for (int t = 0; t < truths.length; t++) {
            for (INDArray learned : new INDArray[]{soft, uniform}) {
                ConvexFit.Result fit = ConvexFit.fit(learned, truths[t]);
                assertTrue(fit.allConverged(), "truth " + t + ", learned " + learned.size(0) + " elements: gaps "
                        + java.util.Arrays.toString(fit.gaps()) + " after " + java.util.Arrays.toString(fit.iterations()));
            }
        }
    }

    @Test
    void isDeterministic() {
        INDArray learned = Sinkhorn.normalize(TestArrays.uniform(9, 3, 16, 16).muli(5), 20);
        INDArray truth = Permutations.rotations(8, 4);
        assertEquals(ConvexFit.fit(learned, truth), ConvexFit.fit(learned, truth), "two fits of the same input are equal");
        assertEquals(ConvexFit.fit(learned, truth), ConvexFit.fit(learned.castTo(DataType.DOUBLE).dup('f'), truth),
                "memory order does not matter");
    }

    @Test
    void resultIsImmutable() {
        ConvexFit.Result fit = ConvexFit.fit(Permutations.cyclicShifts(3).slice(1), Permutations.cyclicShifts(3));
        fit.coefficients()[0][0] = 42;
        fit.residuals()[0] = 42;
        assertEquals(0, fit.coefficient(0, 0), 1e-12, "coefficients copied out");
        assertTrue(fit.residuals()[0] < 1e-12, "residuals copied out");
    }

    @Test
    void rejectsBadInput() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> ConvexFit.fit(Permutations.cyclicShifts(4), Permutations.cyclicShifts(5)), "d mismatch").getMessage();
        assertTrue(m.contains("expected 5, found 4"), "message: " + m);
        m = assertThrows(IllegalArgumentException.class,
                () -> ConvexFit.fit(Nd4j.zeros(DataType.DOUBLE, 2, 3, 4), Permutations.cyclicShifts(3)), "non-square").getMessage();
        assertTrue(m.contains("learned") && m.contains("3x4"), "message: " + m);
        INDArray inf = Permutations.cyclicShifts(3).castTo(DataType.DOUBLE);
        inf.putScalar(new long[]{0, 0, 0}, Double.POSITIVE_INFINITY);
        m = assertThrows(IllegalArgumentException.class, () -> ConvexFit.fit(Permutations.cyclicShifts(3), inf),
                "infinite truth").getMessage();
        assertTrue(m.contains("truth") && m.contains("Infinity"), "message: " + m);
        m = assertThrows(IllegalArgumentException.class, () -> new ConvexFit(0, 10), "tolerance 0").getMessage();
        assertTrue(m.contains("tolerance") && m.contains("0"), "message: " + m);
        m = assertThrows(IllegalArgumentException.class, () -> new ConvexFit(1e-9, 0), "maxIterations 0").getMessage();
        assertTrue(m.contains("maxIterations") && m.contains("0"), "message: " + m);
    }

    private static double objective(INDArray r, INDArray truth, double[] c) {
        INDArray approx = Nd4j.zeros(DataType.DOUBLE, r.shape());
        for (int k = 0; k < c.length; k++) {
            approx.addi(el(truth, k).mul(c[k]));
        }
        double n = r.sub(approx).norm2Number().doubleValue();
        return n * n;
    }
}
