package org.wsnn.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/** Seeded test arrays drawn with {@link java.util.Random}, identical on every ND4J backend. */
public final class TestArrays {

    private TestArrays() {
    }

    /** float64 array of the given shape with entries U[0, 1) from {@code new Random(seed)}. */
    public static INDArray uniform(long seed, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        Random random = new Random(seed);
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble();
        }
        return Nd4j.create(v, shape, 'c');
    }
}
