package org.wsnn.data.synthetic;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.group.Permutations;

/**
 * A finite set of linear actions on signals of a fixed shape: matrices {@code P_g} ({@code d × d},
 * d = product of the shape) acting on the row-major flattened signal as x' = P_g x
 * ({@code x'[i] = Σ_j P_g[i][j] x[j]}), the convention of {@link Permutations} and of the weight-sharing
 * layers (kernel_g = R_g · w). Element 0 is the identity for every factory here.
 *
 * <p>{@link #support()} marks the positions a base signal may use: all of them, except for interpolated
 * 2D rotations, where it is the inscribed disk (distance from the centre ≤ (k−1)/2) so that rotating does
 * not cut off content at the corners.
 *
 * <p>Factories: {@link #cyclicShifts(int)}, {@link #c4Rotations(int)}, {@link #rotations(int, int)},
 * {@link #voxelC4xC4()}, {@link #cubeRotations()}; subsets for partial symmetry: {@link #firstHalf()},
 * {@link #subset(int...)}.
 */
public final class SignalGroup {

    private final String name;
    private final int[] shape;
    private final double[][][] matrices;
    private final boolean[] support;

    /**
     * @param name     human-readable name
     * @param shape    signal shape, e.g. {@code {12}}, {@code {7, 7}}, {@code {3, 3, 3}}
     * @param matrices {@code [G][d][d]} with d = product of {@code shape}, G ≥ 1 (copied)
     * @param support  {@code d} flags: positions base signals may occupy (copied)
     */
    public SignalGroup(String name, int[] shape, double[][][] matrices, boolean[] support) {
        int d = 1;
        for (int s : shape) {
            if (s <= 0) {
                throw new IllegalArgumentException("SignalGroup " + name + ": expected positive shape entries, "
                        + "found " + Arrays.toString(shape));
            }
            d *= s;
        }
        final int dim = d;
        if (matrices.length == 0) {
            throw new IllegalArgumentException("SignalGroup " + name + ": expected at least one element, found 0");
        }
        for (int g = 0; g < matrices.length; g++) {
            if (matrices[g].length != d || Arrays.stream(matrices[g]).anyMatch(r -> r.length != dim)) {
                throw new IllegalArgumentException("SignalGroup " + name + ": expected element " + g + " to be "
                        + d + "x" + d + " (shape " + Arrays.toString(shape) + "), found " + matrices[g].length
                        + " rows");
            }
        }
        if (support.length != d) {
            throw new IllegalArgumentException("SignalGroup " + name + ": expected " + d + " support flags, found "
                    + support.length);
        }
        this.name = name;
        this.shape = shape.clone();
        this.matrices = deepCopy(matrices);
        this.support = support.clone();
    }

    /**
     * Cyclic shifts of a length-n signal, exact permutations: {@code (P_s x)_i = x_{(i − s) mod n}},
     * s = 0..n−1.
     *
     * @param n signal length, ≥ 1
     * @return the n shifts
     */
    public static SignalGroup cyclicShifts(int n) {
        requirePositive("cyclicShifts", "n", n);
        return new SignalGroup("C" + n + " shifts of length " + n, new int[] {n},
                Permutations.toArray(Permutations.cyclicShifts(n)), all(n));
    }

    /**
     * The four quarter turns of a k×k image, exact pixel permutations (counter-clockwise, numpy's rot90).
     *
     * @param k side, ≥ 1
     * @return C4 on k×k
     */
    public static SignalGroup c4Rotations(int k) {
        requirePositive("c4Rotations", "k", k);
        return new SignalGroup("C4 rotations of " + k + "x" + k, new int[] {k, k},
                Permutations.toArray(Permutations.c4GridRotations(k)), disk(k));
    }

    /**
     * Rotations by 360°·g/n of a k×k image about its centre, bilinear with zero fill: exact permutations
     * only for multiples of 90°, otherwise interpolation matrices (rows sum to ≤ 1).
     *
     * @param n number of rotations (e.g. 8 for C8), ≥ 1
     * @param k side, ≥ 1
     * @return C_n on k×k
     */
    public static SignalGroup rotations(int n, int k) {
        requirePositive("rotations", "n", n);
        requirePositive("rotations", "k", k);
        return new SignalGroup("C" + n + " rotations (bilinear) of " + k + "x" + k, new int[] {k, k},
                Permutations.toArray(Permutations.rotations(n, k)), disk(k));
    }

    /** @return the 16 rotations {@code Rz^a·Rx^b} of a 3×3×3 voxel grid ({@link VoxelRotations#c4xc4()}) */
    public static SignalGroup voxelC4xC4() {
        return new SignalGroup("C4xC4 rotations of 3x3x3 voxels", new int[] {3, 3, 3}, VoxelRotations.c4xc4(),
                all(VoxelRotations.VOXELS));
    }

    /** @return the 24 rotations of the cube acting on 3×3×3 voxels ({@link VoxelRotations#cube()}) */
    public static SignalGroup cubeRotations() {
        return new SignalGroup("24 cube rotations of 3x3x3 voxels", new int[] {3, 3, 3}, VoxelRotations.cube(),
                all(VoxelRotations.VOXELS));
    }

    /**
     * @param elements element indices to keep, in the given order, each in [0, size)
     * @return a set of those elements only (partial symmetry; no longer a group in general)
     */
    public SignalGroup subset(int... elements) {
        if (elements.length == 0) {
            throw new IllegalArgumentException("SignalGroup.subset: expected at least one element index, found none");
        }
        double[][][] m = new double[elements.length][][];
        for (int i = 0; i < elements.length; i++) {
            if (elements[i] < 0 || elements[i] >= matrices.length) {
                throw new IllegalArgumentException("SignalGroup.subset: expected element indices in [0, "
                        + matrices.length + "), found " + elements[i]);
            }
            m[i] = matrices[elements[i]];
        }
        return new SignalGroup(name + " subset " + Arrays.toString(elements), shape, m, support);
    }

    /** @return the first ⌈G/2⌉ elements (e.g. shifts 0..5 of 12): the paper's partial-symmetry setting */
    public SignalGroup firstHalf() {
        int half = (matrices.length + 1) / 2;
        int[] idx = new int[half];
        for (int i = 0; i < half; i++) {
            idx[i] = i;
        }
        return subset(idx);
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the signal shape (copy) */
    public int[] shape() {
        return shape.clone();
    }

    /** @return d, the flattened signal length */
    public int dimension() {
        return support.length;
    }

    /** @return G, the number of elements */
    public int size() {
        return matrices.length;
    }

    /** @return the support flags (copy) */
    public boolean[] support() {
        return support.clone();
    }

    /**
     * @param g element index
     * @return a copy of P_g
     */
    public double[][] matrix(int g) {
        return deepCopy(new double[][][] {matrices[g]})[0];
    }

    /** @return a copy of all matrices, {@code [G][d][d]} */
    public double[][][] matrices() {
        return deepCopy(matrices);
    }

    /** @return the matrices as a float64 {@code INDArray [G, d, d]} */
    public INDArray toINDArray() {
        return Nd4j.create(matrices);
    }

    /**
     * @param g element index
     * @param x flattened signal of length d
     * @return P_g x
     */
    public double[] apply(int g, double[] x) {
        double[][] p = matrices[g];
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double s = 0;
            double[] row = p[i];
            for (int j = 0; j < row.length; j++) {
                s += row[j] * x[j];
            }
            out[i] = s;
        }
        return out;
    }

    @Override
    public String toString() {
        return "SignalGroup[" + name + ", G=" + size() + ", d=" + dimension() + "]";
    }

    private static void requirePositive(String method, String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("SignalGroup." + method + ": expected " + field + " >= 1, found "
                    + value);
        }
    }

    private static boolean[] all(int d) {
        boolean[] s = new boolean[d];
        Arrays.fill(s, true);
        return s;
    }

    private static boolean[] disk(int k) {
        boolean[] s = new boolean[k * k];
        double c = (k - 1) / 2.0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                s[i * k + j] = (i - c) * (i - c) + (j - c) * (j - c) <= c * c + 1e-9;
            }
        }
        return s;
    }

    private static double[][][] deepCopy(double[][][] m) {
        double[][][] out = new double[m.length][][];
        for (int g = 0; g < m.length; g++) {
            out[g] = new double[m[g].length][];
            for (int i = 0; i < m[g].length; i++) {
                out[g][i] = m[g][i].clone();
            }
        }
        return out;
    }
}
