package org.wsnn.layers;

/**
 * How a network's convolutions share weights, one enum for layers and zoo alike:
 * <ul>
 *   <li>{@link #LEARNED}: learned doubly stochastic stacks (the WSCNN; {@link WeightSharingConvolution}
 *       with {@link FixedGroup#NONE});</li>
 *   <li>{@link #C4}: the exact C4 group (the G-CNN; {@link WeightSharingConvolution} with
 *       {@link FixedGroup#C4}, no logits);</li>
 *   <li>{@link #NONE}: no sharing, plain convolutions ({@link PlainGroupConvolution} with G = 1).</li>
 * </ul>
 * {@link #convolution} builds the layer of each kind, so network definitions say only which kind they
 * want. ({@link FixedGroup} remains the layer option naming <i>which</i> fixed group a weight-sharing layer
 * uses, including C8, C16 and FLIP; its {@code NONE} means "not fixed", i.e. learned.)
 */
public enum Sharing {
    /** Learned doubly stochastic stacks. */
    LEARNED,
    /** The exact C4 group (fixed rotations, no representation logits). */
    C4,
    /** No weight sharing: plain convolutions. */
    NONE;

    /** The fixed group of the layers: C4 for {@link #C4}, {@link FixedGroup#NONE} otherwise. */
    public FixedGroup fixedGroup() {
        return this == C4 ? FixedGroup.C4 : FixedGroup.NONE;
    }

    /**
     * The group size of the layers.
     *
     * @param requested the group size asked for (used by {@link #LEARNED} only)
     * @return 4 for {@link #C4}, {@code requested} for {@link #LEARNED}, 1 for {@link #NONE}
     */
    public int groupSize(int requested) {
        return switch (this) {
            case C4 -> FixedGroup.C4.order();
            case LEARNED -> requested;
            case NONE -> 1;
        };
    }

    /**
     * A convolution of this kind, as the zoo's networks use them.
     *
     * @param lifting   true for the first layer (image input), false for a layer on group feature maps
     * @param stack     the representation options of a {@link #LEARNED} layer, every one of them taken (updater,
     *                  penalties, decay on the logits, Sinkhorn iterations, initial scale, e.g. a
     *                  {@link DiscoveryRecipe}'s); without effect for the other kinds, which have no logits
     * @param groupSize the group size asked for (see {@link #groupSize})
     * @return the layer's builder, with its kind, group size and stack options set: the caller adds nOut,
     *         kernel size, convolution mode
     */
    public GroupFeatureConvolution.Builder<?> convolution(boolean lifting, int groupSize, RepresentationStack stack) {
        int g = groupSize(groupSize);
        if (this == NONE) {
            return new PlainGroupConvolution.Builder().groupSize(1).inputGroups(lifting ? 0 : 1);
        }
        WeightSharingConvolution.Builder<?> b = lifting ? new WeightSharingLifting.Builder()
                : new WeightSharingGroupConv.Builder();
        b.representationOptions(stack);   // every option, not a chosen few: none is silently dropped
        b.groupSize(g).fixedGroup(fixedGroup());
        return b;
    }
}
