package org.wsnn.core.analysis;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.group.Permutations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoublyStochasticErrorTest {

    @Test
    void permutationsHaveZeroError() {
        DoublyStochasticError e = DoublyStochasticError.of(Permutations.c4ShiftTwist(3));
        assertEquals(0, e.maxError(), 0, "shift-twist permutations: " + e);
        assertEquals(0, e.minEntry(), 0, "min entry of permutations");
        assertTrue(e.isDoublyStochastic(0), "permutations are doubly stochastic");
    }

    @Test
    void knownDeviations() {
        // rows sum to (1.5, 0.5), columns to (1, 1); one entry negative
        INDArray m = Nd4j.create(new double[][]{{1.0, 0.5}, {0.0, 0.5}});
        DoublyStochasticError e = DoublyStochasticError.of(m);
        assertEquals(0.5, e.maxRowError(), 1e-15, "max row error");
        assertEquals(0.5, e.meanRowError(), 1e-15, "mean row error");
        assertEquals(0, e.maxColumnError(), 1e-15, "max column error");
        assertFalse(e.isDoublyStochastic(0.1), "not doubly stochastic");
        INDArray neg = Nd4j.create(new double[][]{{1.2, -0.2}, {-0.2, 1.2}});
        DoublyStochasticError n = DoublyStochasticError.of(neg);
        assertEquals(0, n.maxError(), 1e-15, "sums of the signed matrix are 1");
        assertEquals(-0.2, n.minEntry(), 1e-15, "min entry");
        assertFalse(n.isNonNegative(), "negative entry detected");
        assertFalse(n.isDoublyStochastic(0.1), "negative entry fails the check");
    }

    @Test
    void meanIsOverAllRowsOfTheStack() {
        INDArray stack = Nd4j.stack(0, Nd4j.eye(3).castTo(DataType.DOUBLE),
                Nd4j.create(new double[][]{{1, 1, 0}, {0, 0, 0}, {0, 0, 1}}));
        DoublyStochasticError e = DoublyStochasticError.of(stack);
        assertEquals(2.0 / 6, e.meanRowError(), 1e-15, "mean row error over 6 rows");
        assertEquals(1.0, e.maxRowError(), 1e-15, "max row error");
        assertEquals(0, e.maxColumnError(), 1e-15, "columns fine");
    }

    @Test
    void rejectsBadInput() {
        String m = assertThrows(IllegalArgumentException.class, () -> DoublyStochasticError.of(Nd4j.zeros(2, 3)),
                "non-square").getMessage();
        assertTrue(m.contains("stack") && m.contains("2x3"), "message: " + m);
        INDArray nan = Nd4j.zeros(DataType.DOUBLE, 2, 2);
        nan.putScalar(0, 1, Double.NaN);
        m = assertThrows(IllegalArgumentException.class, () -> DoublyStochasticError.of(nan), "NaN").getMessage();
        assertTrue(m.contains("finite") && m.contains("NaN"), "message: " + m);
        m = assertThrows(IllegalArgumentException.class, () -> DoublyStochasticError.of(Nd4j.zeros(2)), "rank 1").getMessage();
        assertTrue(m.contains("rank 1"), "message: " + m);
    }
}
