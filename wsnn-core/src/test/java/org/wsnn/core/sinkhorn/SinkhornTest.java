package org.wsnn.core.sinkhorn;

import org.wsnn.core.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.analysis.DoublyStochasticError;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinkhornTest {

    private static INDArray randomLogits(long seed, double scale, long... shape) {
        return TestArrays.uniform(seed, shape).subi(0.5).muli(scale);
    }

    @Test
    void twentyIterationsGiveDoublyStochasticMatrices() {
        INDArray r = Sinkhorn.normalize(randomLogits(1, 6, 3, 7, 7), 20);
        DoublyStochasticError e = DoublyStochasticError.of(r);
        assertTrue(e.maxColumnError() < 1e-6, "columns after 20 iterations: " + e);
        assertTrue(e.maxRowError() < 1e-3, "rows after 20 iterations: " + e);
        assertTrue(e.isNonNegative(), "entries negative: " + e);
    }

    @Test
    void columnsSumToOneAfterEveryIteration() {
        for (int it = 1; it <= 3; it++) {
            DoublyStochasticError e = DoublyStochasticError.of(Sinkhorn.normalize(randomLogits(2, 10, 2, 5, 5), it));
            assertTrue(e.maxColumnError() < 1e-12, "columns after " + it + " iteration(s): " + e);
        }
    }

    @Test
    void rank2AndRank3AgreePerElement() {
        INDArray logits = randomLogits(3, 4, 2, 6, 6);
        INDArray stack = Sinkhorn.normalize(logits, 5);
        assertArrayEquals(new long[]{2, 6, 6}, stack.shape(), "rank 3 shape");
        for (int g = 0; g < 2; g++) {
            INDArray single = Sinkhorn.normalize(logits.slice(g).dup(), 5);
            assertArrayEquals(new long[]{6, 6}, single.shape(), "rank 2 shape");
            assertTrue(single.equalsWithEps(stack.slice(g), 1e-14), "rank 2 vs rank 3 element " + g);
        }
    }

    @Test
    void extremeLogitsStayFinite() {
        INDArray logits = randomLogits(4, 2e4, 2, 6, 6); // entries in ±1e4
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            INDArray r = Sinkhorn.normalize(logits.castTo(type), 20);
            assertEquals(type, r.dataType(), "data type kept for " + type);
            double[] v = r.castTo(DataType.DOUBLE).data().asDouble();
            for (double x : v) {
                assertTrue(Double.isFinite(x) && x >= 0 && x <= 1 + 1e-6, "entry " + x + " for logits ±1e4 in " + type);
            }
            assertTrue(DoublyStochasticError.of(r).maxColumnError() < 1e-5, "columns for logits ±1e4 in " + type);
        }
    }

    @Test
    void residualReportsWhatTwentyIterationsLeaveOfSpreadLogits() {
        INDArray tame = Sinkhorn.normalize(randomLogits(1, 6, 3, 7, 7), 20);
        assertEquals(DoublyStochasticError.of(tame).maxError(), Sinkhorn.residual(tame), 1e-15,
                "residual = the larger row/column error");
        assertTrue(Sinkhorn.residual(tame) < 1e-3, "logits ±3 converge in 20 iterations: " + Sinkhorn.residual(tame));
        INDArray wild = randomLogits(4, 2e4, 2, 6, 6);   // entries in ±1e4
        double left = Sinkhorn.residual(Sinkhorn.normalize(wild, 20));
        assertTrue(left > 0.1, "logits ±1e4: 20 iterations leave rows far from 1, residual " + left);
        Sinkhorn.Convergence c = Sinkhorn.converge(wild, 1e-6, 500);
        assertTrue(c.iterations() == 500 && c.residual() > 0.1,
                "logits ±1e4 are numerically a 0/1 pattern: 500 iterations do not fix it either: " + c);
        INDArray spread = randomLogits(4, 40, 2, 6, 6);   // entries in ±20
        double after20 = Sinkhorn.residual(Sinkhorn.normalize(spread, 20));
        Sinkhorn.Convergence more = Sinkhorn.converge(spread, 1e-6, 5000);
        System.out.println("Sinkhorn residual, logits ±20: " + after20 + " after 20 iterations; " + more);
        assertTrue(after20 > 1e-3 && more.iterations() > 20 && more.residual() <= 1e-6,
                "logits ±20: 20 iterations leave " + after20 + ", more iterations converge: " + more);
        // negative control: a stack already converged needs one iteration
        Sinkhorn.Convergence quick = Sinkhorn.converge(randomLogits(1, 0.1, 2, 4, 4), 1e-6, 100);
        assertTrue(quick.iterations() <= 3 && quick.residual() <= 1e-6, "near-uniform logits converge at once: " + quick);
    }

    @Test
    void emptyOrIntegerLogitsAreRefusedByName() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Sinkhorn.normalize(Nd4j.create(DataType.FLOAT, 0, 3, 3), 20));
        assertTrue(empty.getMessage().contains("logits is empty") && empty.getMessage().contains("[0, 3, 3]"),
                empty.getMessage());
        IllegalArgumentException ints = assertThrows(IllegalArgumentException.class,
                () -> Sinkhorn.normalize(Nd4j.zeros(DataType.INT, 2, 3, 3), 20));
        assertTrue(ints.getMessage().contains("data type INT") && ints.getMessage().contains("floating-point"),
                ints.getMessage());
    }

    @Test
    void oneIterationIsOneRowThenColumnPass() {
        double[][] theta = randomLogits(5, 3, 4, 4).toDoubleMatrix();
        int d = theta.length;
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) { // rows: subtract log Σ_j exp
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += Math.exp(theta[i][j]);
            }
            for (int j = 0; j < d; j++) {
                a[i][j] = theta[i][j] - Math.log(s);
            }
        }
        for (int j = 0; j < d; j++) { // columns
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += Math.exp(a[i][j]);
            }
            for (int i = 0; i < d; i++) {
                a[i][j] -= Math.log(s);
            }
        }
        double[][] expected = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                expected[i][j] = Math.exp(a[i][j]);
            }
        }
        double[][] got = Sinkhorn.normalize(Nd4j.create(theta), 1).toDoubleMatrix();
        for (int i = 0; i < d; i++) {
            assertArrayEquals(expected[i], got[i], 1e-14, "hand-computed single pass, row " + i);
        }
    }

    @Test
    void runsExactlyTheRequestedNumberOfPasses() {
        INDArray logits = randomLogits(6, 8, 5, 5);
        INDArray twice = Sinkhorn.normalize(Sinkhorn.logNormalize(logits, 2), 1);
        INDArray three = Sinkhorn.normalize(logits, 3);
        assertTrue(three.equalsWithEps(twice, 1e-13), "3 iterations = 2 then 1");
        INDArray two = Sinkhorn.normalize(logits, 2);
        assertTrue(two.sub(three).amaxNumber().doubleValue() > 1e-8,
                "2 and 3 iterations should differ for unbalanced logits (otherwise the count is not observable)");
    }

    @Test
    void rejectsBadInput() {
        INDArray nan = Nd4j.zeros(DataType.DOUBLE, 3, 3);
        nan.putScalar(1, 2, Double.NaN);
        String m = assertThrows(IllegalArgumentException.class, () -> Sinkhorn.normalize(nan, 5), "NaN").getMessage();
        assertTrue(m.contains("logits") && m.contains("NaN"), "NaN message names field and value: " + m);
        m = assertThrows(IllegalArgumentException.class, () -> SinkhornTrace.forward(nan, 5), "NaN, trace").getMessage();
        assertTrue(m.contains("logits") && m.contains("NaN"), "trace NaN message: " + m);
        INDArray inf = Nd4j.zeros(DataType.FLOAT, 2, 3, 3).putScalar(1, 0, 2, Float.NEGATIVE_INFINITY);
        m = assertThrows(IllegalArgumentException.class, () -> SinkhornTrace.forward(inf, 5), "-Inf, trace").getMessage();
        assertTrue(m.contains("Infinity") && m.contains("[2, 3, 3]"), "trace Infinity message: " + m);

        m = assertThrows(IllegalArgumentException.class, () -> Sinkhorn.normalize(Nd4j.zeros(DataType.DOUBLE, 2, 2, 3, 3), 5),
                "rank 4").getMessage();
        assertTrue(m.contains("logits") && m.contains("rank 4"), "rank message names field and value: " + m);

        m = assertThrows(IllegalArgumentException.class, () -> Sinkhorn.normalize(Nd4j.zeros(DataType.DOUBLE, 2, 3, 4), 5),
                "non-square").getMessage();
        assertTrue(m.contains("logits") && m.contains("3x4"), "non-square message names field and value: " + m);

        for (int bad : new int[]{0, -3}) {
            m = assertThrows(IllegalArgumentException.class, () -> Sinkhorn.normalize(Nd4j.zeros(DataType.DOUBLE, 3, 3), bad),
                    "iterations " + bad).getMessage();
            assertTrue(m.contains("iterations") && m.contains(String.valueOf(bad)), "iterations message: " + m);
            m = assertThrows(IllegalArgumentException.class,
                    () -> Sinkhorn.normalize(SameDiff.create(), SameDiff.create().var("x", DataType.FLOAT, 3, 3), bad),
                    "SameDiff iterations " + bad).getMessage();
            assertTrue(m.contains("iterations") && m.contains(String.valueOf(bad)), "SameDiff iterations message: " + m);
        }
        m = assertThrows(IllegalArgumentException.class, () -> Sinkhorn.normalize(null, 5), "null").getMessage();
        assertTrue(m.contains("logits"), "null message: " + m);
    }

    @Test
    void rejectsInfiniteLogits() {
        INDArray inf = Nd4j.zeros(DataType.DOUBLE, 3, 3);
        inf.putScalar(0, 0, Double.POSITIVE_INFINITY);
        String m = assertThrows(IllegalArgumentException.class, () -> Sinkhorn.normalize(inf, 5), "+Infinity").getMessage();
        assertTrue(m.contains("logits") && m.contains("finite"), "Infinity message: " + m);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void sameDiffFormEqualsEagerForm(DataType type) {
        for (long[] shape : new long[][]{{3, 5, 5}, {4, 4}}) {
            INDArray logits = randomLogits(7, 6, shape).castTo(type);
            SameDiff sd = SameDiff.create();
            SDVariable in = sd.placeHolder("logits", type, shape);
            SDVariable out = Sinkhorn.normalize(sd, in, 7);
            INDArray graph = sd.output(Map.of("logits", logits), out.name()).get(out.name());
            INDArray eager = Sinkhorn.normalize(logits, 7);
            assertEquals(type, graph.dataType(), "SameDiff output type");
            assertArrayEquals(eager.shape(), graph.shape(), "SameDiff shape for " + java.util.Arrays.toString(shape));
            double eps = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            assertTrue(eager.equalsWithEps(graph, eps), "SameDiff vs eager in " + type + " for shape "
                    + java.util.Arrays.toString(shape) + ": max diff " + eager.sub(graph).amaxNumber());
        }
    }

    @Test
    void sameDiffFormHasGradients() {
        SameDiff sd = SameDiff.create();
        SDVariable logits = sd.var("logits", randomLogits(8, 4, 2, 4, 4));
        SDVariable r = Sinkhorn.normalize(sd, logits, 5);
        // loss = Σ R ⊙ W with a fixed W: gradient must be finite and non-zero
        SDVariable w = sd.constant("w", randomLogits(9, 1, 2, 4, 4));
        SDVariable loss = r.mul(w).sum();
        loss.markAsLoss();
        INDArray g = sd.calculateGradients(null, "logits").get("logits");
        assertArrayEquals(new long[]{2, 4, 4}, g.shape(), "gradient shape");
        assertTrue(g.amaxNumber().doubleValue() > 0, "gradient non-zero");
        for (double x : g.data().asDouble()) {
            assertTrue(Double.isFinite(x), "gradient finite");
        }
    }
}
