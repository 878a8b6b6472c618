package org.wsnn.core.sinkhorn;

import java.util.stream.IntStream;

/**
 * Max-shifted log-sum-exp of every row or column of a stack of d×d matrices stored row-major in one
 * {@code double[]}: LSE(x) = m + log Σ exp(x − m) with m = max x, so no term overflows. Shared by the
 * log-domain Sinkhorn steps and the norm penalty.
 */
public final class LineLogSumExp {

    private LineLogSumExp() {
    }

    /**
     * @param a    matrices·d·d values
     * @param d    side of each matrix
     * @param rows over rows (each row's entries) when true, else over columns
     * @return [matrices·d]: entry g·d + l is the LSE of line l of matrix g
     */
    public static double[] of(double[] a, int d, boolean rows) {
        int matrices = a.length / (d * d);
        int lineStride = rows ? d : 1;
        int elementStride = rows ? 1 : d;
        double[] out = new double[matrices * d];
        IntStream.range(0, matrices).parallel().forEach(g -> {
            for (int l = 0; l < d; l++) {
                int start = g * d * d + l * lineStride;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    max = Math.max(max, a[p]);
                }
                double sum = 0;
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    sum += Math.exp(a[p] - max);
                }
                out[g * d + l] = max + Math.log(sum);
            }
        });
        return out;
    }
}
