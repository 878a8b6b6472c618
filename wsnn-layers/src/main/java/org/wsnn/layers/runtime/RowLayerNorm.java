package org.wsnn.layers.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Layer normalisation of each row of a {@code [B, N]} matrix, fused with the optional ReLU, computed in one
 * task per row on the arrays' native memory (no ND4J op per step). Per row, in double precision:
 * <pre>
 *   forward:   μ = Σx/N,  σ² = Σ(x − μ)²/N,  s = 1/sqrt(σ² + ε),  ŷ = (x − μ)·s,  y = ReLU(ŷ) or ŷ
 *   backward:  g = ε_out ⊙ [ŷ &gt; 0] (or ε_out),  ∂L/∂x = (g − mean(g) − ŷ·mean(g ⊙ ŷ))·s
 * </pre>
 * Each row is read into a thread-local scratch row (one pass over memory), worked on in cache and written
 * back, so the forward pass reads its input once and the backward pass reads ε and ŷ once — against about
 * six full passes with ND4J's broadcasting ops, which is what this replaces. FLOAT rows are worked on as
 * floats (sums in double); DOUBLE rows, used by the gradient checks, in double. Rows run in parallel on
 * the common fork-join pool. FLOAT and DOUBLE arrays are supported; any other type, or an array that is not
 * a dense C-ordered block, is rejected by {@link NativeArrays#buffer}.
 */
final class RowLayerNorm {

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);
    /** Two float rows for the FLOAT forms. */
    private static final ThreadLocal<float[][]> FLOAT_SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private RowLayerNorm() {
    }

    /**
     * Normalises every row of {@code x} into {@code out} (ReLU applied when asked) and, when {@code yHat} is
     * not null, also stores ŷ (before the ReLU) there. All three are dense {@code [B, N]} arrays of one type.
     *
     * @return s = 1/sqrt(σ² + ε) per row
     */
    static double[] forward(INDArray x, INDArray yHat, INDArray out, double epsilon, boolean relu) {
        int rows = (int) x.size(0);
        int n = (int) x.size(1);
        Buffer xs = NativeArrays.buffer(x, "RowLayerNorm", "input");
        Buffer ys = yHat == null ? null : NativeArrays.buffer(yHat, "RowLayerNorm", "normalised buffer");
        Buffer os = NativeArrays.buffer(out, "RowLayerNorm", "output");
        double[] inverseStd = new double[rows];
        if (xs instanceof FloatBuffer) {
            IntStream.range(0, rows).parallel().forEach(r -> inverseStd[r] = forwardFloatRow((FloatBuffer) xs,
                    (FloatBuffer) ys, (FloatBuffer) os, x.offset(), yHat == null ? 0 : yHat.offset(), out.offset(),
                    r, n, epsilon, relu));
            return inverseStd;
        }
        IntStream.range(0, rows).parallel().forEach(r -> {
            double[] row = scratch(n)[0];
            long base = (long) r * n;
            ((DoubleBuffer) xs).get(Math.toIntExact(x.offset() + base), row, 0, n);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += row[i];
            }
            double mean = sum / n;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double d = row[i] - mean;
                row[i] = d;
                squares += d * d;
            }
            double s = 1.0 / Math.sqrt(squares / n + epsilon);
            inverseStd[r] = s;
            for (int i = 0; i < n; i++) {
                row[i] *= s;
            }
            if (ys != null) {
                ((DoubleBuffer) ys).put(Math.toIntExact(yHat.offset() + base), row, 0, n);
            }
            if (relu) {
                for (int i = 0; i < n; i++) {
                    row[i] = Math.max(row[i], 0.0);
                }
            }
            ((DoubleBuffer) os).put(Math.toIntExact(out.offset() + base), row, 0, n);
        });
        return inverseStd;
    }

    /**
     * Writes ∂L/∂x into {@code gradIn} from the output gradient {@code epsilon}, the stored ŷ and s of the
     * forward pass. All arrays are dense {@code [B, N]} of one type.
     */
    static void backward(INDArray epsilon, INDArray yHat, double[] inverseStd, boolean relu, INDArray gradIn) {
        int rows = (int) yHat.size(0);
        int n = (int) yHat.size(1);
        Buffer es = NativeArrays.buffer(epsilon, "RowLayerNorm", "output gradient");
        Buffer ys = NativeArrays.buffer(yHat, "RowLayerNorm", "normalised buffer");
        Buffer gs = NativeArrays.buffer(gradIn, "RowLayerNorm", "input gradient");
        if (es instanceof FloatBuffer) {
            IntStream.range(0, rows).parallel().forEach(r -> backwardFloatRow((FloatBuffer) es, (FloatBuffer) ys,
                    (FloatBuffer) gs, epsilon.offset(), yHat.offset(), gradIn.offset(), r, n, inverseStd[r], relu));
            return;
        }
        IntStream.range(0, rows).parallel().forEach(r -> {
            double[][] scratch = scratch(n);
            double[] g = scratch[0];
            double[] y = scratch[1];
            long base = (long) r * n;
            ((DoubleBuffer) es).get(Math.toIntExact(epsilon.offset() + base), g, 0, n);
            ((DoubleBuffer) ys).get(Math.toIntExact(yHat.offset() + base), y, 0, n);
            double sumG = 0;
            double sumGy = 0;
            for (int i = 0; i < n; i++) {
                double gi = relu && y[i] <= 0 ? 0.0 : g[i];
                g[i] = gi;
                sumG += gi;
                sumGy += gi * y[i];
            }
            double meanG = sumG / n;
            double meanGy = sumGy / n;
            double s = inverseStd[r];
            for (int i = 0; i < n; i++) {
                g[i] = (g[i] - meanG - y[i] * meanGy) * s;
            }
            ((DoubleBuffer) gs).put(Math.toIntExact(gradIn.offset() + base), g, 0, n);
        });
    }

    /**
     * The FLOAT form of one row of {@link #forward}: the same formulas on float rows with double sums, three
     * passes over the row (sum, squares, normalise-and-write).
     */
    private static double forwardFloatRow(FloatBuffer xs, FloatBuffer ys, FloatBuffer os, long xOffset, long yOffset,
                                          long outOffset, int r, int n, double epsilon, boolean relu) {
        float[][] rows = floatScratch(n);
        float[] x = rows[0];
        float[] y = rows[1];
        long base = (long) r * n;
        xs.get(Math.toIntExact(xOffset + base), x, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i];
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = x[i] - mean;
            squares += d * d;
        }
        double s = 1.0 / Math.sqrt(squares / n + epsilon);
        // branch-free: on real activations the sign is a coin flip, and a mispredicted branch per element
        // cost more than the arithmetic
        for (int i = 0; i < n; i++) {
            y[i] = (float) ((x[i] - mean) * s);
        }
        if (relu) {
            for (int i = 0; i < n; i++) {
                x[i] = Math.max(y[i], 0f);
            }
        } else {
            System.arraycopy(y, 0, x, 0, n);
        }
        if (ys != null) {
            ys.put(Math.toIntExact(yOffset + base), y, 0, n);
        }
        os.put(Math.toIntExact(outOffset + base), x, 0, n);
        return s;
    }

    /** The FLOAT form of one row of {@link #backward}, two passes over the row, double sums. */
    private static void backwardFloatRow(FloatBuffer es, FloatBuffer ys, FloatBuffer gs, long eOffset, long yOffset,
                                         long gOffset, int r, int n, double s, boolean relu) {
        float[][] rows = floatScratch(n);
        float[] g = rows[0];
        float[] y = rows[1];
        long base = (long) r * n;
        es.get(Math.toIntExact(eOffset + base), g, 0, n);
        ys.get(Math.toIntExact(yOffset + base), y, 0, n);
        double sumG = 0;
        double sumGy = 0;
        if (relu) {
            // g where ŷ > 0, else +0, without a branch: the bits of ŷ, read as an int, are > 0 exactly then
            for (int i = 0; i < n; i++) {
                int bits = Float.floatToRawIntBits(y[i]);
                int keep = (-bits >> 31) & ~(bits >> 31);
                g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & keep);
            }
        }
        for (int i = 0; i < n; i++) {
            sumG += g[i];
            sumGy += g[i] * (double) y[i];
        }
        double meanG = sumG / n;
        double meanGy = sumGy / n;
        for (int i = 0; i < n; i++) {
            g[i] = (float) ((g[i] - meanG - y[i] * meanGy) * s);
        }
        gs.put(Math.toIntExact(gOffset + base), g, 0, n);
    }

    private static float[][] floatScratch(int n) {
        float[][] f = FLOAT_SCRATCH.get();
        if (f[0].length < n) {
            f[0] = new float[n];
            f[1] = new float[n];
        }
        return f;
    }

    private static double[][] scratch(int n) {
        double[][] s = SCRATCH.get();
        if (s[0].length < n) {
            s[0] = new double[n];
            s[1] = new double[n];
        }
        return s;
    }
}
