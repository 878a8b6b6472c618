package org.wsnn.core;

import org.wsnn.core.sinkhorn.Sinkhorn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.wsnn.core.group.Permutations;

import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PenaltiesTest {

    private DataType savedDefault;
    private DataType savedFloatingDefault;

    @BeforeEach
    void doublePrecision() {
        savedDefault = Nd4j.dataType();
        savedFloatingDefault = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void restore() {
        Nd4j.setDefaultDataTypes(savedDefault, savedFloatingDefault);
    }

    private static INDArray randomLogits(long seed, long... shape) {
        return TestArrays.uniform(seed, shape).subi(0.5).muli(3);
    }

    @Test
    void normIsZeroForLogOfDoublyStochasticMatrices() {
        int d = 5;
        INDArray uniform = Nd4j.valueArrayOf(new long[]{d, d}, 1.0 / d, DataType.DOUBLE);
        assertEquals(0, Penalties.norm(Transforms.log(uniform)), 1e-14, "norm of log(uniform 1/d)");
        // a doubly stochastic matrix with all-positive entries: convex mix of two cyclic shifts and uniform
        INDArray shifts = Permutations.cyclicShifts(d);
        INDArray mix = shifts.slice(1).mul(0.6).addi(shifts.slice(3).mul(0.3)).addi(uniform.mul(0.1));
        assertEquals(0, Penalties.norm(Transforms.log(mix)), 1e-13, "norm of log(0.6 P1 + 0.3 P3 + 0.1 U)");
        INDArray stack = Nd4j.stack(0, Transforms.log(uniform), Transforms.log(mix));
        assertEquals(0, Penalties.norm(stack), 1e-13, "norm of a stack of two");
        assertTrue(Penalties.norm(randomLogits(1, 2, d, d)) > 1e-3, "norm of random logits should be positive");
    }

    @Test
    void normOfKnownValue() {
        // Θ = 0 (d×d): every row and column LSE is log d, so norm = 2 (log d)²
        int d = 4;
        assertEquals(2 * Math.log(d) * Math.log(d), Penalties.norm(Nd4j.zeros(DataType.DOUBLE, 3, d, d)), 1e-12,
                "norm of zero logits");
    }

    @Test
    void entropyOfPermutationsAndUniform() {
        INDArray perms = Permutations.c4GridRotations(3);
        assertEquals(0, Penalties.entropy(perms), 1e-12, "entropy of exact permutations");
        INDArray nearPerm = Sinkhorn.normalize(perms.mul(40), 20);
        assertTrue(Penalties.entropy(nearPerm) < 1e-6, "entropy of Sinkhorn(40 P) ≈ 0: " + Penalties.entropy(nearPerm));
        int d = 6;
        INDArray uniform = Nd4j.valueArrayOf(new long[]{3, d, d}, 1.0 / d, DataType.DOUBLE);
        assertEquals(3 * d * Math.log(d), Penalties.entropy(uniform), 1e-11, "entropy of 3 uniform matrices = 3 d log d");
        assertEquals(3 * d * Math.log(d), Penalties.entropyOfLogits(Nd4j.zeros(DataType.DOUBLE, 3, d, d), 20), 1e-11,
                "entropyOfLogits of zero logits");
    }

    @Test
    void normGradientMatchesFiniteDifferences() {
        for (long[] shape : new long[][]{{5, 5}, {2, 4, 4}}) {
            INDArray logits = randomLogits(2, shape);
            checkGradient("normGradient " + java.util.Arrays.toString(shape), Penalties::norm,
                    Penalties.normGradient(logits), logits, 1e-6);
        }
    }

    @Test
    void entropyGradientMatchesFiniteDifferences() {
        for (int iterations : new int[]{1, 3, 20}) {
            for (long[] shape : new long[][]{{4, 4}, {2, 4, 4}}) {
                INDArray logits = randomLogits(3 + iterations, shape);
                String name = "entropyGradient, " + iterations + " iterations, " + java.util.Arrays.toString(shape);
                checkGradient(name, x -> Penalties.entropyOfLogits(x, iterations),
                        Penalties.entropyGradient(logits, iterations), logits, 1e-6);
            }
        }
    }

    @Test
    void entropyGradientIsFiniteForExtremeLogits() {
        INDArray logits = randomLogits(9, 2, 5, 5).muli(1000);
        INDArray g = Penalties.entropyGradient(logits, 20);
        for (double v : g.data().asDouble()) {
            assertTrue(Double.isFinite(v), "entropy gradient finite for logits of magnitude 1e3");
        }
    }

    @Test
    void rejectsBadInput() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> Penalties.entropyGradient(Nd4j.zeros(DataType.DOUBLE, 3, 3), 0), "iterations 0").getMessage();
        assertTrue(m.contains("iterations") && m.contains("0"), "iterations message: " + m);
        m = assertThrows(IllegalArgumentException.class, () -> Penalties.norm(Nd4j.zeros(DataType.DOUBLE, 3, 4)),
                "non-square").getMessage();
        assertTrue(m.contains("3x4"), "non-square message: " + m);
        m = assertThrows(IllegalArgumentException.class, () -> Penalties.entropy(null), "null").getMessage();
        assertTrue(m.contains("representations"), "null message: " + m);
    }

    /** Central differences, step h, compared entry by entry with relative-or-absolute tolerance. */
    private static void checkGradient(String name, ToDoubleFunction<INDArray> f, INDArray analytic, INDArray x,
                                      double tolerance) {
        double h = 1e-6;
        INDArray flat = x.dup().reshape(x.length());
        double[] a = analytic.dup().reshape(x.length()).data().asDouble();
        for (int i = 0; i < x.length(); i++) {
            double orig = flat.getDouble(i);
            flat.putScalar(i, orig + h);
            double plus = f.applyAsDouble(flat.reshape(x.shape()));
            flat.putScalar(i, orig - h);
            double minus = f.applyAsDouble(flat.reshape(x.shape()));
            flat.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * h);
            double err = Math.abs(numeric - a[i]) / Math.max(1, Math.abs(numeric));
            assertTrue(err < tolerance, name + ": entry " + i + " analytic " + a[i] + " vs numeric " + numeric);
        }
    }
}
