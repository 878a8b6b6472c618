package org.wsnn.layers.runtime;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused row kernel against the layer-norm formulas evaluated with ND4J ops in double precision. */
class RowLayerNormTest {

    private static final double EPS = 1e-5;

    /** ŷ = (x − μ)/sqrt(σ² + ε) per row, in double. */
    private static INDArray normalised(INDArray x) {
        INDArray d = x.castTo(DataType.DOUBLE);
        INDArray centred = d.subColumnVector(d.mean(true, 1));
        INDArray var = centred.mul(centred).mean(true, 1);
        return centred.divColumnVector(Transforms.sqrt(var.add(EPS)));
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    @Test
    void forwardAndBackwardMatchTheFormulasOnOffsetViews() {
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 2e-5;
            // rows 2..5 of a larger array: a dense view with a non-zero offset
            INDArray big = Nd4j.randn(type, 9, 37).muli(3).addi(2);
            INDArray x = big.get(NDArrayIndex.interval(2, 6), NDArrayIndex.all());
            assertTrue(x.offset() > 0, "the test needs an offset view");
            INDArray eps = Nd4j.randn(type, 4, 37);
            for (boolean relu : new boolean[]{false, true}) {
                INDArray yHat = Nd4j.create(type, 4, 37);
                INDArray out = Nd4j.create(type, 4, 37);
                double[] s = RowLayerNorm.forward(x, yHat, out, EPS, relu);
                INDArray expected = normalised(x);
                assertTrue(maxDiff(yHat, expected) < tol, type + " ŷ");
                INDArray expectedOut = relu ? Transforms.relu(expected, true) : expected;
                assertTrue(maxDiff(out, expectedOut) < tol, type + " output, relu=" + relu);

                INDArray grad = Nd4j.create(type, 4, 37);
                RowLayerNorm.backward(eps, yHat, s, relu, grad);
                INDArray y = expected;
                INDArray g = eps.castTo(DataType.DOUBLE);
                if (relu) {
                    g.muli(y.gt(0).castTo(DataType.DOUBLE));
                }
                INDArray projection = g.mul(y).mean(true, 1);
                INDArray expectedGrad = g.subColumnVector(g.mean(true, 1)).sub(y.mulColumnVector(projection));
                for (int r = 0; r < 4; r++) {
                    expectedGrad.getRow(r).muli(s[r]);
                }
                assertTrue(maxDiff(grad, expectedGrad) < tol * 10, type + " gradient, relu=" + relu);
            }
        }
    }

    @Test
    void floatAndDoubleRowsAgreeWhereTheNormalisedValueIsExactlyZero() {
        // the mean of each row is one of its entries, so ŷ there is exactly 0: ReLU's gradient must be 0
        double[][] rows = {{1, 2, 3}, {-4, 0, 4}};
        INDArray eps = Nd4j.createFromArray(new double[][]{{0.5, -2, 1.5}, {3, 7, -1}});
        INDArray[] grads = new INDArray[2];
        DataType[] types = {DataType.DOUBLE, DataType.FLOAT};
        for (int t = 0; t < 2; t++) {
            INDArray x = Nd4j.createFromArray(rows).castTo(types[t]);
            INDArray yHat = Nd4j.create(types[t], 2, 3);
            double[] s = RowLayerNorm.forward(x, yHat, Nd4j.create(types[t], 2, 3), EPS, true);
            assertEquals(0.0, yHat.getDouble(0, 1), 0.0, "ŷ is exactly zero at the mean");
            grads[t] = Nd4j.create(types[t], 2, 3);
            RowLayerNorm.backward(eps.castTo(types[t]), yHat, s, true, grads[t]);
        }
        assertTrue(maxDiff(grads[0], grads[1]) < 1e-6, "float vs double gradient:\n" + grads[0] + "\n" + grads[1]);
    }

    @Test
    void rejectsNonDenseAndUnsupportedArrays() {
        INDArray transposed = Nd4j.rand(DataType.FLOAT, 5, 4).transpose();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RowLayerNorm.forward(transposed, null, Nd4j.create(DataType.FLOAT, 4, 5), EPS, false));
        assertTrue(e.getMessage().contains("dense C-ordered"), e.getMessage());
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> RowLayerNorm.forward(Nd4j.rand(DataType.HALF, 2, 3), null, Nd4j.create(DataType.HALF, 2, 3), EPS, false));
        assertTrue(half.getMessage().contains("found HALF"), half.getMessage());
    }
}
