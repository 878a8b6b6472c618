package org.wsnn.examples.symmetry;

import org.wsnn.core.Choices;

import org.wsnn.data.IdxReader;
import org.wsnn.data.synthetic.ImagePatches;
import org.wsnn.data.synthetic.LabelMode;
import org.wsnn.data.synthetic.SignalGroup;
import org.wsnn.data.synthetic.SymmetryDataset;
import org.wsnn.data.synthetic.SymmetryDatasetGenerator;
import org.wsnn.data.synthetic.SymmetryTasks;

import java.util.Locale;

/**
 * The synthetic symmetry-discovery tasks of {@code wsnn learn-symmetry}, each an embedded
 * {@link SymmetryTasks} group and signal size with equivariant labels, noise σ = 0.05, and per task the
 * number of canonical signals, samples and training steps. The command-line name ({@link #cliName()}) is what users type.
 */
public enum SymmetryTask {

    /** Length-12 signals under all 12 cyclic shifts. */
    SHIFT_1D("shift-1d", "12 cyclic shifts of length-12 signals", 16, 4000, 250, 0.05, 0.071),
    /** Length-12 signals under shifts 0..5 only (not a group). */
    SHIFT_1D_PARTIAL("shift-1d-partial", "shifts 0..5 only of length-12 signals (partial symmetry)", 16, 4000, 250, 0.05,
            0.082),
    /** 7×7 patterns under exact quarter turns. */
    ROTATION_2D_C4("rotation-2d-c4", "4 quarter turns of 7x7 patterns (disk support)", 64, 4000, 200, 0.1, 0.041),
    /** 7×7 patterns under the 8 bilinear rotations by 45°·g. */
    ROTATION_2D_C8("rotation-2d-c8", "8 rotations by 45 degrees (bilinear) of 7x7 patterns", 64, 8000, 300, 0.1, 0.036),
    /** 3×3×3 voxels under the 16 products Rz^a·Rx^b. */
    CUBE_C4XC4("cube-c4xc4", "16 rotations Rz^a Rx^b of 3x3x3 voxels", 48, 8000, 300, 0.1, 0.02),
    /** 3×3×3 voxels under the 24 rotations of the cube. */
    CUBE_24("cube-24", "24 rotations of the cube on 3x3x3 voxels", 48, 8000, 300, 0.1, 0.01);

    private final String cliName;
    private final String description;
    private final int baseSignals;
    private final int samples;
    private final int defaultSteps;
    private final double defaultLearningRate;
    private final double defaultWeightL2;

    SymmetryTask(String cliName, String description, int baseSignals, int samples, int defaultSteps,
                 double defaultLearningRate, double defaultWeightL2) {
        this.defaultLearningRate = defaultLearningRate;
        this.defaultWeightL2 = defaultWeightL2;
        this.cliName = cliName;
        this.description = description;
        this.baseSignals = baseSignals;
        this.samples = samples;
        this.defaultSteps = defaultSteps;
    }

    /**
     * Number B of canonical signals. The learned matrices are only determined on the span of the base
     * vectors that share the stack, so B must exceed the number of informative coordinates (12 for the
     * shifts, 29 in the 7×7 disk, 27 voxels): 16, 64 and 48 here.
     */
    public int baseSignals() {
        return baseSignals;
    }

    /** Number N of noisy samples. */
    public int samples() {
        return samples;
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

    /** Adam learning rate that converges within {@link #defaultSteps()} (0.05 for the shifts, 0.1 otherwise). */
    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    /**
     * Default L2 coefficient λ_W on the base vectors (never on the logits), per task like the learning
     * rate, each chosen inside the window measured on the 20-seed sweep ({@code docs/discovery.md}). Too
     * small and the cross-entropy falls by growing ‖W‖ while the stack locks into a wrong hard permutation;
     * too large and the decay stops the fit: above {@link #weightL2Bound()} the reachable margin is below
     * what a softmax over B·G classes needs. For the shifts and 2D rotations the default is half that bound
     * (0.071, 0.082, 0.041, 0.036); the voxel tasks, whose wrong hard permutations are closer to the right
     * ones (two of 27 voxels), need less (0.02 for C4×C4: the oracle recovers 5 of 5 seeds at 0.01–0.03 and
     * locks in on 5 of 8 at 0.042).
     */
    public double defaultWeightL2() {
        return defaultWeightL2;
    }

    /**
     * The largest useful λ_W, s / (B · ln(B·G)) (s informative coordinates, B signals, G elements): at
     * equilibrium λ_W·W balances a cross-entropy gradient of about (1 − p)·√s/B per base vector, so the
     * reachable logit margin is about s·(1 − p)/(λ_W·B), and it must exceed ln(B·G).
     */
    public double weightL2Bound() {
        SignalGroup g = group();
        long s = 0;
        for (boolean b : g.support()) {
            s += b ? 1 : 0;
        }
        return s / (baseSignals * Math.log((double) baseSignals * g.size()));
    }

    /** The task's group (the elements sampled; for {@code shift-1d-partial} the first six shifts). */
    public SignalGroup group() {
        return switch (this) {
            case SHIFT_1D -> SignalGroup.cyclicShifts(SymmetryTasks.SIGNAL_LENGTH);
            case SHIFT_1D_PARTIAL -> SignalGroup.cyclicShifts(SymmetryTasks.SIGNAL_LENGTH).firstHalf();
            case ROTATION_2D_C4 -> SignalGroup.c4Rotations(SymmetryTasks.PATTERN_SIZE);
            case ROTATION_2D_C8 -> SignalGroup.rotations(8, SymmetryTasks.PATTERN_SIZE);
            case CUBE_C4XC4 -> SignalGroup.voxelC4xC4();
            case CUBE_24 -> SignalGroup.cubeRotations();
        };
    }

    /** The embedded data set, deterministic under {@code seed}, with equivariant labels b·G + g. */
    public SymmetryDataset dataset(long seed) {
        return dataset(seed, null);
    }

    /**
     * The data set with its canonical signals cut from real images ({@link ImagePatches}: standardised
     * patches of the task's size and support), or Gaussian ones for {@code images == null}; the group, the
     * samples, noise and labels are the task's either way.
     *
     * @throws IllegalArgumentException when the task is not 2-D (only {@link #ROTATION_2D_C4} and
     *                                  {@link #ROTATION_2D_C8} take image patches)
     */
    public SymmetryDataset dataset(long seed, IdxReader.IdxImages images) {
        SymmetryDatasetGenerator.Builder b = SymmetryDatasetGenerator.builder(group()).numBaseSignals(baseSignals)
                .numSamples(samples).labelMode(LabelMode.EQUIVARIANT).seed(seed);
        if (images != null) {
            if (!takesImagePatches()) {
                throw new IllegalArgumentException("task " + cliName + " has no 2-D signals to cut from images: "
                        + "image patches expected rotation-2d-c4 or rotation-2d-c8, found " + cliName);
            }
            b.baseSignals(ImagePatches.sample(images, group(), baseSignals, seed));
        }
        return b.generate();
    }

    /** True for the 2-D tasks, whose canonical signals can be image patches. */
    public boolean takesImagePatches() {
        return this == ROTATION_2D_C4 || this == ROTATION_2D_C8;
    }

    /** The valid command-line names, comma separated. */
    public static String choices() {
        return Choices.names(values(), SymmetryTask::cliName);
    }

    /**
     * Parses a command-line name (case-insensitive; the enum constant name is accepted too).
     *
     * @throws IllegalArgumentException naming the bad value and listing the valid choices
     */
    public static SymmetryTask parse(String name) {
        return Choices.parse(values(), SymmetryTask::cliName, "task", name, (task, input) -> {
            String n = input.trim().toLowerCase(Locale.ROOT);
            return task.cliName.equals(n) || task.name().toLowerCase(Locale.ROOT).equals(n);
        });
    }

    @Override
    public String toString() {
        return cliName;
    }
}
