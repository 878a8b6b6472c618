package org.wsnn.data.synthetic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rotations of a 3×3×3 voxel grid as exact permutations of its 27 voxels.
 *
 * <p>Voxel (z, y, x), each in {0, 1, 2}, has flat index {@code (z·3 + y)·3 + x} (row-major over
 * {@code [D, H, W]}) and centred coordinates v = (x−1, y−1, z−1). A rotation R moves the content of voxel
 * v to voxel R v, so its matrix is {@code P[idx(R v)][idx(v)] = 1} and x' = P x.
 *
 * <p>Generators: {@code Rz} (90° about the z axis, (x, y, z) ↦ (−y, x, z)) and {@code Rx} (90° about the
 * x axis, (x, y, z) ↦ (x, −z, y)).
 */
public final class VoxelRotations {

    /** Side of the grid. */
    public static final int SIDE = 3;
    /** Number of voxels. */
    public static final int VOXELS = SIDE * SIDE * SIDE;

    private static final int[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    private static final int[] RZ = {0, -1, 0, 1, 0, 0, 0, 0, 1};
    private static final int[] RX = {1, 0, 0, 0, 0, -1, 0, 1, 0};

    private VoxelRotations() {
    }

    /**
     * The 16 products {@code Rz^a · Rx^b} (a, b ∈ {0..3}; element index 4a + b; identity first). They are
     * distinct but do not form a group (rotations about different axes do not commute; they generate the
     * 24-element cube group); "C4×C4" in the sense of the paper's appendix: two independent quarter-turn
     * axes.
     *
     * @return {@code [16][27][27]} permutation matrices
     */
    public static double[][][] c4xc4() {
        double[][][] out = new double[16][][];
        int[] za = IDENTITY;
        for (int a = 0; a < 4; a++) {
            int[] xb = IDENTITY;
            for (int b = 0; b < 4; b++) {
                out[4 * a + b] = permutation(multiply(za, xb));
                xb = multiply(RX, xb);
            }
            za = multiply(RZ, za);
        }
        return out;
    }

    /**
     * The 24 proper rotations of the cube (the octahedral group O ≅ S4), in breadth-first order from the
     * identity over the generators Rz, Rx (each new element is generator · known element).
     *
     * @return {@code [24][27][27]} permutation matrices
     */
    public static double[][][] cube() {
        Map<String, int[]> seen = new LinkedHashMap<>();
        List<int[]> queue = new ArrayList<>();
        seen.put(key(IDENTITY), IDENTITY);
        queue.add(IDENTITY);
        for (int head = 0; head < queue.size(); head++) {
            for (int[] gen : new int[][] {RZ, RX}) {
                int[] next = multiply(gen, queue.get(head));
                if (seen.putIfAbsent(key(next), next) == null) {
                    queue.add(next);
                }
            }
        }
        double[][][] out = new double[queue.size()][][];
        for (int i = 0; i < out.length; i++) {
            out[i] = permutation(queue.get(i));
        }
        return out;
    }

    /**
     * @param r row-major 3×3 integer rotation matrix
     * @return its action on the 27 voxels as a permutation matrix
     */
    static double[][] permutation(int[] r) {
        double[][] p = new double[VOXELS][VOXELS];
        for (int z = -1; z <= 1; z++) {
            for (int y = -1; y <= 1; y++) {
                for (int x = -1; x <= 1; x++) {
                    int nx = r[0] * x + r[1] * y + r[2] * z;
                    int ny = r[3] * x + r[4] * y + r[5] * z;
                    int nz = r[6] * x + r[7] * y + r[8] * z;
                    p[index(nx, ny, nz)][index(x, y, z)] = 1;
                }
            }
        }
        return p;
    }

    private static int index(int x, int y, int z) {
        return ((z + 1) * SIDE + (y + 1)) * SIDE + (x + 1);
    }

    private static int[] multiply(int[] a, int[] b) {
        int[] c = new int[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int s = 0;
                for (int k = 0; k < 3; k++) {
                    s += a[3 * i + k] * b[3 * k + j];
                }
                c[3 * i + j] = s;
            }
        }
        return c;
    }

    private static String key(int[] r) {
        return java.util.Arrays.toString(r);
    }
}
