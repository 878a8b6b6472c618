package org.wsnn.core.analysis;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.TestArrays;
import org.wsnn.core.sinkhorn.Sinkhorn;
import org.wsnn.core.group.Permutations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackMatchTest {

    @Test
    void crispLearnedStackMatchesEveryElement() {
        // Sinkhorn of 30·P for each cyclic shift, in a shuffled order: nearly hard permutations
        INDArray truth = Permutations.cyclicShifts(8);
        int[] order = {0, 3, 1, 7, 2, 6, 4, 5};
        INDArray logits = Nd4j.zeros(DataType.DOUBLE, 8, 8, 8);
        for (int i = 0; i < 8; i++) {
            logits.slice(i).assign(truth.slice(order[i]).castTo(DataType.DOUBLE).mul(30));
        }
        StackMatch m = StackMatch.of(Sinkhorn.normalize(logits, 20), truth);
        assertArrayEquals(order, m.best(), "best true element per learned element");
        assertEquals(8, m.matched(), "all 8 matched: " + m);
        assertTrue(m.meanCoefficient() > 0.999, "mean coefficient: " + m);
        assertTrue(m.isComplete(), "complete");
        assertArrayEquals(order, m.matchedTo(), "matchedTo");
    }

    @Test
    void negativeControlUniformStackMatchesNothing() {
        // not a permutation set: every element is the uniform matrix
        INDArray uniform = Nd4j.valueArrayOf(new long[]{4, 9, 9}, 1.0 / 9, DataType.DOUBLE);
        for (INDArray truth : new INDArray[]{Permutations.c4GridRotations(3), Permutations.cyclicShifts(9)}) {
            StackMatch m = StackMatch.of(uniform, truth);
            assertEquals(0, m.matched(), "uniform stack must match nothing against " + truth.size(0) + " elements: " + m);
            assertTrue(m.meanCoefficient() < 0.9, "uniform stack mean coefficient " + m.meanCoefficient());
            for (int t : m.matchedTo()) {
                assertEquals(-1, t, "no learned element credited");
            }
        }
    }

    @Test
    void negativeControlRandomSoftStackMatchesNothing() {
        INDArray learned = Sinkhorn.normalize(TestArrays.uniform(12, 4, 9, 9), 20);
        StackMatch m = StackMatch.of(learned, Permutations.c4GridRotations(3));
        assertEquals(0, m.matched(), "random soft stack (logits U[0,1)) must match nothing: " + m);
    }

    @Test
    void collapsedStackCountsEachTrueElementOnce() {
        // every learned element equals P1: four confident learned elements but only one distinct true element
        INDArray truth = Permutations.c4GridRotations(3);
        INDArray collapsed = Nd4j.stack(0, truth.slice(1), truth.slice(1), truth.slice(1), truth.slice(1));
        StackMatch m = StackMatch.of(collapsed, truth);
        assertEquals(1, m.matched(), "collapsed stack: " + m);
        assertEquals(1, m.meanCoefficient(), 1e-9, "collapsed stack has confident coefficients");
        assertArrayEquals(new int[]{1, -1, -1, -1}, m.matchedTo(), "first of equal claimants is credited");
        assertFalse(m.isComplete(), "collapsed stack not complete");
    }

    @Test
    void thresholdIsInclusiveAndMixturesBelowItDoNotCount() {
        INDArray truth = Permutations.cyclicShifts(5);
        INDArray p = truth.castTo(DataType.DOUBLE);
        INDArray learned = Nd4j.stack(0,
                p.slice(0).mul(0.9).addi(p.slice(1).mul(0.1)),     // exactly at the threshold: counts
                p.slice(2).mul(0.85).addi(p.slice(3).mul(0.15)),   // below: does not count
                p.slice(4));
        StackMatch m = StackMatch.of(learned, truth);
        assertArrayEquals(new int[]{0, 2, 4}, m.best(), "best elements");
        assertEquals(0.9, m.coefficient()[0], 1e-9, "coefficient at threshold");
        // 0.9 is recovered to ~1e-12, possibly just below: the inclusive test uses a slightly lower threshold
        StackMatch lenient = StackMatch.of(ConvexFit.fit(learned, truth), 0.9 - 1e-9);
        assertEquals(2, lenient.matched(), "0.9 and 1.0 count, 0.85 does not: " + lenient);
        assertEquals((0.9 + 0.85 + 1) / 3, m.meanCoefficient(), 1e-9, "mean coefficient");
    }

    @Test
    void rejectsBadThreshold() {
        ConvexFit.Result fit = ConvexFit.fit(Permutations.cyclicShifts(3), Permutations.cyclicShifts(3));
        for (double bad : new double[]{0.5, 0.3, 1.1, Double.NaN}) {
            String msg = assertThrows(IllegalArgumentException.class, () -> StackMatch.of(fit, bad), "threshold " + bad)
                    .getMessage();
            assertTrue(msg.contains("threshold") && msg.contains(String.valueOf(bad)), "message: " + msg);
        }
    }
}
