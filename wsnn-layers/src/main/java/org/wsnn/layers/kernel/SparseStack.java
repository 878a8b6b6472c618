package org.wsnn.layers.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.IntStream;

/**
 * A fixed representation stack R [G, d, d] kept as its nonzeros, row by row (compressed sparse rows), to
 * build convolution filters without the dense product K = W·S: a group's stack has one nonzero per row
 * (permutations, C4 and FLIP) or at most four (bilinear rotations, C8 and C16), so
 * <pre>
 *   K[o, g, i, n] = Σ_m R[g, n, m] · W[o, i, m]            O(nOut·nIn·G·d·nnz) instead of O(nOut·nIn·G·d²)
 *   ∂L/∂W[o, i, m] = Σ_{g, n} R[g, n, m] · ∂L/∂K[o, g, i, n]
 * </pre>
 * with K in the convolutions' OIYX layout [nOut·G, nIn·Gin, k, k] (n runs over (input group, taps)). The
 * result equals {@link StackKernel#materialize} with the dense stack (up to rounding).
 */
public final class SparseStack {

    private final int groupSize;
    private final int d;
    /** Row r = g·d + n holds entries rowStart[r] … rowStart[r + 1] − 1. */
    private final int[] rowStart;
    private final int[] column;
    private final double[] value;

    private SparseStack(int groupSize, int d, int[] rowStart, int[] column, double[] value) {
        this.groupSize = groupSize;
        this.d = d;
        this.rowStart = rowStart;
        this.column = column;
        this.value = value;
    }

    /** The nonzeros of a dense {@code [G, d, d]} stack. */
    public static SparseStack of(INDArray stack) {
        int groups = (int) stack.size(0);
        int d = (int) stack.size(1);
        double[] dense = stack.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int nonzeros = 0;
        for (double v : dense) {
            if (v != 0) {
                nonzeros++;
            }
        }
        int[] rowStart = new int[groups * d + 1];
        int[] column = new int[nonzeros];
        double[] value = new double[nonzeros];
        int next = 0;
        for (int row = 0; row < groups * d; row++) {
            rowStart[row] = next;
            for (int m = 0; m < d; m++) {
                double v = dense[row * d + m];
                if (v != 0) {
                    column[next] = m;
                    value[next++] = v;
                }
            }
        }
        rowStart[groups * d] = next;
        return new SparseStack(groups, d, rowStart, column, value);
    }

    /**
     * Filters from base kernels.
     *
     * @param weights {@code "W"}, nOut·nIn·d values (any shape with that order)
     * @return K {@code [nOut·G, nIn, d]} (reshape to OIYX), the weights' data type
     */
    public INDArray filters(INDArray weights, int nOut, int nIn) {
        double[] w = weights.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] k = new double[nOut * groupSize * nIn * d];
        IntStream.range(0, nOut).parallel().forEach(o -> {
            for (int g = 0; g < groupSize; g++) {
                for (int i = 0; i < nIn; i++) {
                    int in = (o * nIn + i) * d;
                    int out = ((o * groupSize + g) * nIn + i) * d;
                    for (int n = 0; n < d; n++) {
                        double sum = 0;
                        for (int e = rowStart[g * d + n]; e < rowStart[g * d + n + 1]; e++) {
                            sum += value[e] * w[in + column[e]];
                        }
                        k[out + n] = sum;
                    }
                }
            }
        });
        return Nd4j.createFromArray(k).reshape(nOut * groupSize, nIn, d).castTo(weights.dataType());
    }

    /**
     * ∂L/∂W from ∂L/∂K.
     *
     * @param gradFilters ∂L/∂K, nOut·G·nIn·d values in OIYX order
     * @return ∂L/∂W {@code [nOut·nIn, d]}, the gradient's data type
     */
    public INDArray weightGradient(INDArray gradFilters, int nOut, int nIn) {
        double[] gk = gradFilters.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] gw = new double[nOut * nIn * d];
        IntStream.range(0, nOut).parallel().forEach(o -> {
            for (int g = 0; g < groupSize; g++) {
                for (int i = 0; i < nIn; i++) {
                    int in = (o * nIn + i) * d;
                    int out = ((o * groupSize + g) * nIn + i) * d;
                    for (int n = 0; n < d; n++) {
                        double grad = gk[out + n];
                        for (int e = rowStart[g * d + n]; e < rowStart[g * d + n + 1]; e++) {
                            gw[in + column[e]] += value[e] * grad;
                        }
                    }
                }
            }
        });
        return Nd4j.createFromArray(gw).reshape((long) nOut * nIn, d).castTo(gradFilters.dataType());
    }
}
