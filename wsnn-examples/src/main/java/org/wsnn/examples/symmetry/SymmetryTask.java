package org.wsnn.examples.symmetry;

import org.wsnn.data.synthetic.LabelMode;
import org.wsnn.data.synthetic.SymmetryDataset;
import org.wsnn.data.synthetic.SymmetryTasks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The synthetic symmetry-discovery tasks of {@code wsnn learn-symmetry}, each an embedded
 * {@link SymmetryTasks} preset (16 canonical signals, 4,000 noisy samples, equivariant labels) with the
 * training budget that makes it converge. The command-line name ({@link #cliName()}) is what users type.
 */
public enum SymmetryTask {

    /** Length-12 signals under all 12 cyclic shifts. */
    SHIFT_1D("shift-1d", "12 cyclic shifts of length-12 signals", 1500),
    /** Length-12 signals under shifts 0..5 only (not a group). */
    SHIFT_1D_PARTIAL("shift-1d-partial", "shifts 0..5 only of length-12 signals (partial symmetry)", 1500),
    /** 7×7 patterns under exact quarter turns. */
    ROTATION_2D_C4("rotation-2d-c4", "4 quarter turns of 7x7 patterns (disk support)", 600),
    /** 7×7 patterns under the 8 bilinear rotations by 45°·g. */
    ROTATION_2D_C8("rotation-2d-c8", "8 rotations by 45 degrees (bilinear) of 7x7 patterns", 1000),
    /** 3×3×3 voxels under the 16 products Rz^a·Rx^b. */
    CUBE_C4XC4("cube-c4xc4", "16 rotations Rz^a Rx^b of 3x3x3 voxels", 1500),
    /** 3×3×3 voxels under the 24 rotations of the cube. */
    CUBE_24("cube-24", "24 rotations of the cube on 3x3x3 voxels", 1500);

    private final String cliName;
    private final String description;
    private final int defaultSteps;

    SymmetryTask(String cliName, String description, int defaultSteps) {
        this.cliName = cliName;
        this.description = description;
        this.defaultSteps = defaultSteps;
    }

    /** The name on the command line and in {@code summary.json}, e.g. {@code shift-1d}. */
    public String cliName() {
        return cliName;
    }

    /** One line describing the data. */
    public String description() {
        return description;
    }

    /** Full-batch training steps that make this task converge with the default settings. */
    public int defaultSteps() {
        return defaultSteps;
    }

    /** The embedded data set, deterministic under {@code seed}, with equivariant labels b·G + g. */
    public SymmetryDataset dataset(long seed) {
        return switch (this) {
            case SHIFT_1D -> SymmetryTasks.shifts1d(LabelMode.EQUIVARIANT, false, seed);
            case SHIFT_1D_PARTIAL -> SymmetryTasks.shifts1d(LabelMode.EQUIVARIANT, true, seed);
            case ROTATION_2D_C4 -> SymmetryTasks.rotations2dC4(LabelMode.EQUIVARIANT, seed);
            case ROTATION_2D_C8 -> SymmetryTasks.rotations2dC8(LabelMode.EQUIVARIANT, seed);
            case CUBE_C4XC4 -> SymmetryTasks.voxelsC4xC4(LabelMode.EQUIVARIANT, seed);
            case CUBE_24 -> SymmetryTasks.voxelsCube(LabelMode.EQUIVARIANT, seed);
        };
    }

    /** The valid command-line names, comma separated. */
    public static String choices() {
        return Arrays.stream(values()).map(SymmetryTask::cliName).collect(Collectors.joining(", "));
    }

    /**
     * Parses a command-line name (case-insensitive; the enum constant name is accepted too).
     *
     * @throws IllegalArgumentException naming the bad value and listing the valid choices
     */
    public static SymmetryTask parse(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (SymmetryTask t : values()) {
                if (t.cliName.equals(n) || t.name().toLowerCase(Locale.ROOT).equals(n)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unknown task '" + name + "'; expected one of: " + choices());
    }

    @Override
    public String toString() {
        return cliName;
    }
}
