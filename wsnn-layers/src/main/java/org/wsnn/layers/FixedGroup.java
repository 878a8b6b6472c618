package org.wsnn.layers;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.layers.kernel.SparseStack;
import org.wsnn.core.group.Permutations;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a weight-sharing layer gets its representation stack: learned ({@link #NONE}) or a fixed group
 * (the G-CNN baseline), in which case the stack is a graph constant and the layer has no {@code "R"}.
 *
 * <p>The rotation groups act on the k×k taps of a kernel about the grid's centre c = (k − 1)/2: element g
 * rotates by θ_g = 2πg/N counter-clockwise, tap (i, j) reading the source point
 * <pre>
 *   (c + (i − c)·cos θ_g + (j − c)·sin θ_g,  c + (j − c)·cos θ_g − (i − c)·sin θ_g)
 * </pre>
 * ({@link Permutations#rotations(int, int)}). For {@link #C4} every source point is a grid point and the
 * stack is an exact permutation stack; for {@link #C8} and {@link #C16} the source points of the odd
 * multiples of 360°/N (45°, 22.5°, …) fall between taps and are <b>bilinearly interpolated</b> (four taps
 * weighted by (1 − f_r)(1 − f_c), …, zero fill outside the grid): those matrices are not permutations, not
 * orthogonal, and the "group" is only approximately closed — the same approximation a G-CNN with
 * interpolated filter rotations makes. The multiples of 90° (elements 0, N/4, N/2, 3N/4) are exact.
 *
 * <p>A group convolution (input group size N) acts with the shift-twist
 * (P_g W)[h] = S_g W[(h − g) mod N] ({@link Permutations#shiftTwist(INDArray)}), of size N·k².
 *
 * <p>Stacks are memoised per (constant, k, input group size): {@link #stack(int, int)} builds each once per
 * JVM and returns a fresh copy, so a layer rebuilding its filters does not rebuild the stack.
 */
public enum FixedGroup {
    /** Learned: Sinkhorn-normalised logits {@code "R"} (the method of the paper). */
    NONE(0),
    /** The four rotations by multiples of 90°: rot90 of the taps (exact permutations), shift-twist for group layers. */
    C4(4),
    /** Identity and horizontal mirror of the taps (order 2). */
    FLIP(2),
    /**
     * The eight rotations by multiples of 45°, bilinearly interpolated on the k×k grid (not exact
     * permutations, unlike {@link #C4}; elements 0, 2, 4, 6 are C4's exact rotations); shift-twist for
     * group layers.
     */
    C8(8),
    /**
     * The sixteen rotations by multiples of 22.5°, bilinearly interpolated on the k×k grid (not exact
     * permutations, unlike {@link #C4}; elements 0, 4, 8, 12 are C4's exact rotations); shift-twist for
     * group layers.
     */
    C16(16);

    /** Built stacks, keyed by (constant, k, input group size); detached from every workspace. */
    private static final Map<Key, INDArray> STACKS = new ConcurrentHashMap<>();
    /** Their nonzeros, same keys. */
    private static final Map<Key, SparseStack> SPARSE = new ConcurrentHashMap<>();

    private record Key(FixedGroup group, int kernelSize, int inputGroupSize) {
    }

    private final int order;

    FixedGroup(int order) {
        this.order = order;
    }

    /** Number of group elements (0 for {@link #NONE}). */
    public int order() {
        return order;
    }

    /**
     * The fixed stack acting on a kernel over (input group, k×k taps), built once per (constant, k, input
     * group size) and copied on every call (callers may modify the result).
     *
     * @param kernelSize      k, positive
     * @param inputGroupSize  1 for a lifting layer, the group order for a group convolution
     * @return {@code [order, inputGroupSize·k², inputGroupSize·k²]}, float64
     * @throws IllegalStateException    for {@link #NONE}
     * @throws IllegalArgumentException when inputGroupSize is neither 1 nor the order
     */
    public INDArray stack(int kernelSize, int inputGroupSize) {
        if (this == NONE) {
            throw new IllegalStateException("FixedGroup.NONE has no fixed stack: it is learned");
        }
        if (kernelSize < 1) {
            throw new IllegalArgumentException("FixedGroup." + this + ": kernelSize expected positive, found " + kernelSize);
        }
        if (inputGroupSize != 1 && inputGroupSize != order) {
            throw new IllegalArgumentException("FixedGroup." + this + ": inputGroupSize expected 1 (lifting) or "
                    + order + " (group convolution), found " + inputGroupSize);
        }
        INDArray cached = STACKS.computeIfAbsent(new Key(this, kernelSize, inputGroupSize), FixedGroup::build);
        return cached.dup();
    }

    /** The nonzeros of {@link #stack(int, int)}, built once per key (immutable, shared). */
    public SparseStack sparseStack(int kernelSize, int inputGroupSize) {
        return SPARSE.computeIfAbsent(new Key(this, kernelSize, inputGroupSize),
                key -> SparseStack.of(stack(kernelSize, inputGroupSize)));
    }

    private static INDArray build(Key key) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            int k = key.kernelSize();
            INDArray spatial = switch (key.group()) {
                case C4 -> Permutations.c4GridRotations(k);
                case FLIP -> Permutations.horizontalFlips(k);
                case C8, C16 -> Permutations.rotations(key.group().order(), k);
                case NONE -> throw new IllegalStateException("FixedGroup.NONE has no fixed stack: it is learned");
            };
            return key.inputGroupSize() == 1 ? spatial : Permutations.shiftTwist(spatial);
        }
    }
}
