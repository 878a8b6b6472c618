package org.wsnn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.group.Permutations;

/**
 * How a weight-sharing layer gets its representation stack: learned ({@link #NONE}) or an exact group
 * (the G-CNN baseline), in which case the stack is a graph constant and the layer has no {@code "R"}.
 */
public enum FixedGroup {
    /** Learned: Sinkhorn-normalised logits {@code "R"} (the method of the paper). */
    NONE(0),
    /** The four rotations by multiples of 90°: rot90 of the taps, shift-twist for group layers. */
    C4(4),
    /** Identity and horizontal mirror of the taps (order 2). */
    FLIP(2);

    private final int order;

    FixedGroup(int order) {
        this.order = order;
    }

    /** Number of group elements (0 for {@link #NONE}). */
    public int order() {
        return order;
    }

    /**
     * The exact stack acting on a kernel over (input group, k×k taps).
     *
     * @param kernelSize      k
     * @param inputGroupSize  1 for a lifting layer, the group order for a group convolution
     * @return {@code [order, inputGroupSize·k², inputGroupSize·k²]}
     */
    public INDArray stack(int kernelSize, int inputGroupSize) {
        INDArray spatial = switch (this) {
            case C4 -> Permutations.c4GridRotations(kernelSize);
            case FLIP -> Permutations.horizontalFlips(kernelSize);
            case NONE -> throw new IllegalStateException("FixedGroup.NONE has no fixed stack: it is learned");
        };
        return inputGroupSize == 1 ? spatial : Permutations.shiftTwist(spatial);
    }
}
