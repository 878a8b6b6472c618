package org.wsnn.data.synthetic;

/**
 * The synthetic symmetry-discovery tasks of the paper's appendix with sizes chosen to be learnable in
 * seconds on one CPU core (the paper gives none). All use B = 16 canonical signals, N = 4,000 samples,
 * noise σ = 0.05 (signal entries are N(0, 1)), and can be changed through
 * {@link SymmetryDatasetGenerator#builder(SignalGroup)}.
 *
 * <table>
 * <caption>Tasks</caption>
 * <tr><th>task</th><th>signal</th><th>d</th><th>elements G</th><th>exact?</th></tr>
 * <tr><td>{@link #shifts1d}</td><td>length 12</td><td>12</td><td>12 shifts (6 when partial)</td><td>yes</td></tr>
 * <tr><td>{@link #rotations2dC4}</td><td>7×7, disk support</td><td>49</td><td>4</td><td>yes</td></tr>
 * <tr><td>{@link #rotations2dC8}</td><td>7×7, disk support</td><td>49</td><td>8</td><td>bilinear (4 of 8 exact)</td></tr>
 * <tr><td>{@link #voxelsC4xC4}</td><td>3×3×3</td><td>27</td><td>16</td><td>yes</td></tr>
 * <tr><td>{@link #voxelsCube}</td><td>3×3×3</td><td>27</td><td>24</td><td>yes</td></tr>
 * </table>
 */
public final class SymmetryTasks {

    /** Length of the 1D signals. */
    public static final int SIGNAL_LENGTH = 12;
    /** Side of the 2D patterns. */
    public static final int PATTERN_SIZE = 7;

    private SymmetryTasks() {
    }

    /**
     * @param mode    label mode
     * @param partial sample only the first half of the shifts (0..5)
     * @param seed    seed
     * @return 1D cyclic-shift data
     */
    public static SymmetryDataset shifts1d(LabelMode mode, boolean partial, long seed) {
        SignalGroup g = SignalGroup.cyclicShifts(SIGNAL_LENGTH);
        return SymmetryDatasetGenerator.builder(partial ? g.firstHalf() : g).labelMode(mode).seed(seed).generate();
    }

    /**
     * @param mode label mode
     * @param seed seed
     * @return 7×7 patterns under exact quarter turns
     */
    public static SymmetryDataset rotations2dC4(LabelMode mode, long seed) {
        return SymmetryDatasetGenerator.builder(SignalGroup.c4Rotations(PATTERN_SIZE)).labelMode(mode).seed(seed)
                .generate();
    }

    /**
     * @param mode label mode
     * @param seed seed
     * @return 7×7 patterns under the 8 bilinear rotations by multiples of 45°
     */
    public static SymmetryDataset rotations2dC8(LabelMode mode, long seed) {
        return SymmetryDatasetGenerator.builder(SignalGroup.rotations(8, PATTERN_SIZE)).labelMode(mode).seed(seed)
                .generate();
    }

    /**
     * @param mode label mode
     * @param seed seed
     * @return 3×3×3 voxels under the 16 rotations Rz^a·Rx^b
     */
    public static SymmetryDataset voxelsC4xC4(LabelMode mode, long seed) {
        return SymmetryDatasetGenerator.builder(SignalGroup.voxelC4xC4()).labelMode(mode).seed(seed).generate();
    }

    /**
     * @param mode label mode
     * @param seed seed
     * @return 3×3×3 voxels under the 24 rotations of the cube
     */
    public static SymmetryDataset voxelsCube(LabelMode mode, long seed) {
        return SymmetryDatasetGenerator.builder(SignalGroup.cubeRotations()).labelMode(mode).seed(seed).generate();
    }
}
