package org.wsnn.core.group;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.Checks;

/**
 * Ground-truth group representations as stacks of matrices {@code [G, d, d]} acting on flattened signals.
 *
 * <p>Convention everywhere in wsnn: a signal is flattened row-major and element g acts as x' = P_g x, i.e.
 * {@code x'[n] = Σ_m P_g[n, m] x[m]}. This is exactly how the weight-sharing layers use their stacks:
 * kernel_g = R_g · w. Element 0 is always the identity.
 *
 * <ul>
 *   <li>{@link #cyclicShifts(int)}: (P_s x)_i = x_{(i − s) mod n}.</li>
 *   <li>{@link #c4GridRotations(int)}: P_g w = rot90^g(w) on a k×k grid, rot90 counter-clockwise as in
 *       numpy ({@code rot90(w)[i][j] = w[j][k−1−i]}).</li>
 *   <li>{@link #rotations(int, int)}: rotations by 2πg/N with bilinear interpolation and zero fill (exact
 *       permutations only when 2πg/N is a multiple of π/2).</li>
 *   <li>{@link #horizontalFlips(int)}: identity and the mirror w[i][k−1−j].</li>
 *   <li>{@link #shiftTwist(INDArray)}: the regular representation for group convolutions: on a kernel
 *       W[h, :, :] over the input group axis h, (P_g W)[h] = S_g W[(h − g) mod G].</li>
 * </ul>
 */
public final class Permutations {

    private static final String OWNER = "Permutations";

    private Permutations() {
    }

    /** The n cyclic shifts of a length-n signal, {@code [n, n, n]}. */
    public static INDArray cyclicShifts(int n) {
        Checks.positive(OWNER, "n", n);
        double[][][] p = new double[n][n][n];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < n; i++) {
                p[s][i][Math.floorMod(i - s, n)] = 1;
            }
        }
        return Nd4j.create(p);
    }

    /** The four rotations by multiples of 90° of a k×k grid, {@code [4, k², k²]}, exact permutations. */
    public static INDArray c4GridRotations(int k) {
        Checks.positive(OWNER, "k", k);
        int d = k * k;
        double[][][] p = new double[4][d][d];
        for (int g = 0; g < 4; g++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    // source of output tap (i, j) after g counter-clockwise quarter turns
                    int si = i;
                    int sj = j;
                    for (int t = 0; t < g; t++) {
                        int ni = sj;
                        int nj = k - 1 - si;
                        si = ni;
                        sj = nj;
                    }
                    p[g][i * k + j][si * k + sj] = 1;
                }
            }
        }
        return Nd4j.create(p);
    }

    /**
     * Rotations by 2πg/N (g = 0..N−1) of a k×k grid about its centre, counter-clockwise (agreeing with
     * {@link #c4GridRotations(int)} for N = 4), as bilinear interpolation matrices with zero fill
     * outside the grid: {@code [N, k², k²]}.
     */
    public static INDArray rotations(int n, int k) {
        Checks.positive(OWNER, "n", n);
        Checks.positive(OWNER, "k", k);
        int d = k * k;
        double c = (k - 1) / 2.0;
        double[][][] p = new double[n][d][d];
        for (int g = 0; g < n; g++) {
            double theta = 2 * Math.PI * g / n;
            double cos = snap(Math.cos(theta));
            double sin = snap(Math.sin(theta));
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double v = i - c;
                    double u = j - c;
                    double srcRow = c + v * cos + u * sin;
                    double srcCol = c + u * cos - v * sin;
                    addBilinear(p[g][i * k + j], k, srcRow, srcCol);
                }
            }
        }
        return Nd4j.create(p);
    }

    /** Identity and the horizontal mirror of a k×k grid, {@code [2, k², k²]}. */
    public static INDArray horizontalFlips(int k) {
        Checks.positive(OWNER, "k", k);
        int d = k * k;
        double[][][] p = new double[2][d][d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                p[0][i * k + j][i * k + j] = 1;
                p[1][i * k + j][i * k + (k - 1 - j)] = 1;
            }
        }
        return Nd4j.create(p);
    }

    /**
     * The shift-twist representation of a spatial stack S [G, d, d] on kernels over (input group, taps):
     * {@code [G, G·d, G·d]} with (P_g W)[h] = S_g W[(h − g) mod G].
     */
    public static INDArray shiftTwist(INDArray spatial) {
        if (spatial.rank() != 3 || spatial.size(1) != spatial.size(2)) {
            throw new IllegalArgumentException(OWNER + ": spatial stack must be [G, d, d], found shape "
                    + java.util.Arrays.toString(spatial.shape()));
        }
        int g = (int) spatial.size(0);
        int d = (int) spatial.size(1);
        INDArray out = Nd4j.zeros(spatial.dataType(), g, (long) g * d, (long) g * d);
        for (int e = 0; e < g; e++) {
            INDArray block = spatial.get(org.nd4j.linalg.indexing.NDArrayIndex.point(e),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all());
            for (int h = 0; h < g; h++) {
                int src = Math.floorMod(h - e, g);
                out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(e),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval((long) h * d, (long) (h + 1) * d),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval((long) src * d, (long) (src + 1) * d))
                        .assign(block);
            }
        }
        return out;
    }

    /** The C4 shift-twist for a group convolution with G = 4 and a k×k kernel: {@code [4, 4k², 4k²]}. */
    public static INDArray c4ShiftTwist(int k) {
        return shiftTwist(c4GridRotations(k));
    }

    /** True when every matrix of the stack has exactly one 1 per row and column and zeros elsewhere. */
    public static boolean isPermutationStack(INDArray stack, double tolerance) {
        INDArray s = stack.rank() == 2 ? stack.reshape(1, stack.size(0), stack.size(1)) : stack;
        double[][][] m = toArray(s);
        for (double[][] p : m) {
            for (int i = 0; i < p.length; i++) {
                int ones = 0;
                for (int j = 0; j < p[i].length; j++) {
                    if (Math.abs(p[i][j] - 1) <= tolerance) {
                        ones++;
                    } else if (Math.abs(p[i][j]) > tolerance) {
                        return false;
                    }
                }
                if (ones != 1) {
                    return false;
                }
            }
            for (int j = 0; j < p.length; j++) {
                double col = 0;
                for (double[] row : p) {
                    col += row[j];
                }
                if (Math.abs(col - 1) > tolerance) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Copies a {@code [G, d, d]} stack to Java arrays (float64). */
    public static double[][][] toArray(INDArray stack) {
        INDArray s = stack.castTo(DataType.DOUBLE);
        int g = (int) s.size(0);
        double[][][] out = new double[g][][];
        for (int e = 0; e < g; e++) {
            out[e] = s.slice(e).toDoubleMatrix();
        }
        return out;
    }

    private static void addBilinear(double[] row, int k, double r, double c) {
        int r0 = (int) Math.floor(r);
        int c0 = (int) Math.floor(c);
        double fr = r - r0;
        double fc = c - c0;
        add(row, k, r0, c0, (1 - fr) * (1 - fc));
        add(row, k, r0, c0 + 1, (1 - fr) * fc);
        add(row, k, r0 + 1, c0, fr * (1 - fc));
        add(row, k, r0 + 1, c0 + 1, fr * fc);
    }

    private static void add(double[] row, int k, int r, int c, double w) {
        if (w != 0 && r >= 0 && r < k && c >= 0 && c < k) {
            row[r * k + c] += w;
        }
    }

    /** Removes floating-point noise from cos/sin of multiples of π/2 so those rotations are exact. */
    private static double snap(double v) {
        double rounded = Math.rint(v);
        return Math.abs(v - rounded) < 1e-12 ? rounded : v;
    }
}
