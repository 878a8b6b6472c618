package org.wsnn.core.sinkhorn;

import org.wsnn.core.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both implementations behind {@link SinkhornTrace} (matrix scaling and log domain) against the reference
 * {@link Sinkhorn#normalize} and against finite differences of L(Θ) = Σ C ⊙ Sinkhorn(Θ).
 */
class SinkhornTraceTest {

    private static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    private static INDArray reference(INDArray logits, int iterations) {
        return Sinkhorn.normalize(logits, iterations);
    }

    @Test
    void scalingAndLogDomainAgreeWithTheReferenceAndEachOther() {
        for (int iterations : new int[]{1, 5, 20}) {
            INDArray logits = TestArrays.uniform(iterations, 3, 7, 7).subi(0.5).muli(8);
            INDArray c = TestArrays.uniform(100 + iterations, 3, 7, 7);
            SinkhornTrace scaled = SinkhornTrace.forward(logits, iterations, false);
            SinkhornTrace log = SinkhornTrace.forward(logits, iterations, true);
            INDArray expected = reference(logits, iterations);
            assertTrue(maxDiff(scaled.output(), expected) < 1e-12, "scaled output, K = " + iterations);
            assertTrue(maxDiff(log.output(), expected) < 1e-12, "log-domain output, K = " + iterations);
            assertTrue(maxDiff(scaled.backward(c), log.backward(c)) < 1e-11, "backward passes agree, K = " + iterations);
        }
    }

    @Test
    void backwardMatchesFiniteDifferencesOnBothPaths() {
        INDArray logits = TestArrays.uniform(7, 2, 5, 5).subi(0.5).muli(4);
        INDArray c = TestArrays.uniform(8, 2, 5, 5);
        for (boolean logDomain : new boolean[]{false, true}) {
            INDArray analytic = SinkhornTrace.forward(logits, 10, logDomain).backward(c);
            checkAgainstFiniteDifferences(logits, c, 10, analytic, "logDomain=" + logDomain);
        }
    }

    @Test
    void logitsTooSpreadForScalingFallBackToTheLogDomain() {
        // span 800 > ScaledSinkhornSteps.MAX_SPAN: exp(Θ − max) would underflow to 0 in whole rows
        INDArray logits = TestArrays.uniform(3, 4, 4).subi(0.5).muli(10);
        logits.putScalar(0, 0, 400.0);
        logits.putScalar(2, 3, -400.0);
        SinkhornTrace trace = SinkhornTrace.forward(logits, 20);
        INDArray r = trace.output();
        assertTrue(!r.isNaN().any() && maxDiff(r, reference(logits, 20)) < 1e-12, "wide logits give the reference result");
        INDArray c = TestArrays.uniform(4, 4, 4);
        checkAgainstFiniteDifferences(logits, c, 20, trace.backward(c), "wide logits");
    }

    private static void checkAgainstFiniteDifferences(INDArray logits, INDArray c, int iterations, INDArray analytic,
                                                      String name) {
        double h = 1e-6;
        INDArray flat = logits.dup().reshape(logits.length());
        INDArray a = analytic.reshape(logits.length());
        for (int i = 0; i < flat.length(); i++) {
            double orig = flat.getDouble(i);
            flat.putScalar(i, orig + h);
            double plus = reference(flat.reshape(logits.shape()), iterations).mul(c).sumNumber().doubleValue();
            flat.putScalar(i, orig - h);
            double minus = reference(flat.reshape(logits.shape()), iterations).mul(c).sumNumber().doubleValue();
            flat.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * h);
            assertTrue(Math.abs(numeric - a.getDouble(i)) < 1e-6 * Math.max(1, Math.abs(numeric)),
                    name + ": entry " + i + " analytic " + a.getDouble(i) + " vs numeric " + numeric);
        }
    }
}
