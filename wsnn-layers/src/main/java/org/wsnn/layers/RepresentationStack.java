package org.wsnn.layers;

import lombok.Data;
import lombok.NoArgsConstructor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.wsnn.core.Checks;
import org.wsnn.core.sinkhorn.Sinkhorn;
import org.wsnn.core.group.Permutation;
import org.wsnn.layers.penalty.RepresentationPenalties;

import java.io.Serializable;
import java.util.List;

/**
 * What every weight-sharing layer shares about its representation stack R = (R_1, …, R_G) of d × d
 * matrices: how the learned elements are normalised (Sinkhorn iterations), whether element 0 is the exact
 * identity, whether the stack is fixed instead of learned (a named group, or explicit permutations), the
 * updater of the logits {@code "R"} and the penalties on them. One value object, embedded by
 * {@link WeightSharingConvolution} and {@link WeightSharingDense} with its JSON kept flat (its fields are
 * the layer's own JSON fields, as in the format before this class existed).
 *
 * <pre>
 *   learned:  R = (I, Sinkhorn(Θ_1), …, Sinkhorn(Θ_{G−1}))   with fixIdentity, else (Sinkhorn(Θ_1), …, Sinkhorn(Θ_G))
 *   fixed:    R = the group's permutations (no "R" parameter)
 *   penalties on Θ: λ_norm · norm penalty + λ_ent(t) · entropy penalty (+ the layer's l1/l2/weight decay
 *                   when regularizeRepresentations), λ_ent(t) ramping up over entropyWarmup iterations
 * </pre>
 */
@Data
@NoArgsConstructor
public class RepresentationStack implements Serializable, Cloneable {

    private static final long serialVersionUID = 1L;

    /** The paper's number of Sinkhorn iterations. */
    public static final int DEFAULT_SINKHORN_ITERATIONS = 20;

    private int sinkhornIterations = DEFAULT_SINKHORN_ITERATIONS;
    private boolean fixIdentity = true;
    private FixedGroup fixedGroup = FixedGroup.NONE;
    private int[][] fixedPermutations;
    private IUpdater representationUpdater;
    private double normPenalty;
    private double entropyPenalty;
    private int entropyWarmup;
    private boolean regularizeRepresentations = true;
    /** Θ is initialised U[0, logitScale): 1 is the paper's; larger starts from sharper, more distinct soft permutations. */
    private double logitScale = 1.0;

    /**
     * A learned stack's options as the zoo's networks set them.
     *
     * @param representationUpdater updater of {@code "R"} (null: the layer's)
     * @param normPenalty           λ_norm
     * @param entropyPenalty        λ_ent
     */
    public static RepresentationStack of(IUpdater representationUpdater, double normPenalty, double entropyPenalty) {
        RepresentationStack r = new RepresentationStack();
        r.setRepresentationUpdater(representationUpdater);
        r.setNormPenalty(normPenalty);
        r.setEntropyPenalty(entropyPenalty);
        return r;
    }

    /**
     * Checks the options against the layer's group size.
     *
     * @param owner     the layer, for messages
     * @param groupSize G
     * @throws IllegalArgumentException naming the option, the value found and what was expected
     */
    public void validate(String owner, int groupSize) {
        Checks.positive(owner, "sinkhornIterations", sinkhornIterations);
        Checks.notNull(owner, "fixedGroup", fixedGroup);
        Checks.nonNegative(owner, "normPenalty", normPenalty);
        Checks.nonNegative(owner, "entropyPenalty", entropyPenalty);
        Checks.nonNegative(owner, "entropyWarmup", entropyWarmup);
        Checks.strictlyPositive(owner, "logitScale", logitScale);
        if (fixedGroup != FixedGroup.NONE && fixedGroup.order() != groupSize) {
            throw new IllegalArgumentException(owner + ": groupSize expected " + fixedGroup.order()
                    + " for fixedGroup " + fixedGroup + ", found " + groupSize);
        }
        if (fixedPermutations != null) {
            if (fixedGroup != FixedGroup.NONE) {
                throw new IllegalArgumentException(owner + ": fixedPermutations and fixedGroup " + fixedGroup
                        + " both given; expected one of them");
            }
            if (fixedPermutations.length != groupSize) {
                throw new IllegalArgumentException(owner + ": fixedPermutations expected " + groupSize
                        + " permutations (groupSize), found " + fixedPermutations.length);
            }
            for (int[] p : fixedPermutations) {
                Permutation.of(p);   // validates, naming the bad image
            }
        }
    }

    /** True when the stack is fixed: a {@link FixedGroup} or explicit {@code fixedPermutations}. */
    public boolean hasFixedStack() {
        return fixedGroup != FixedGroup.NONE || fixedPermutations != null;
    }

    /** Number G' of learned elements: 0 for a fixed stack, G − 1 with the fixed identity, else G. */
    public int learnedElements(int groupSize) {
        return hasFixedStack() ? 0 : (fixIdentity ? groupSize - 1 : groupSize);
    }

    /** True when the layer has learnable logits {@code "R"} ({@link #learnedElements} &gt; 0). */
    public boolean hasLearnedRepresentations(int groupSize) {
        return learnedElements(groupSize) > 0;
    }

    /** Sets explicit fixed permutations (copied; null: none). */
    public void setFixedPermutations(int[][] permutations) {
        this.fixedPermutations = permutations == null ? null : deepCopy(permutations);
    }

    /** The explicit fixed permutations (a copy), or null. */
    public int[][] getFixedPermutations() {
        return fixedPermutations == null ? null : deepCopy(fixedPermutations);
    }

    /**
     * The learned part of the stack: Sinkhorn(Θ) with this stack's iterations, eagerly.
     *
     * @param logits {@code [G', d, d]} (or that many values)
     */
    public INDArray normalize(INDArray logits, int learned, int d, DataType type) {
        return Sinkhorn.normalize(logits.castTo(type).reshape('c', learned, d, d), sinkhornIterations);
    }

    /**
     * The full learned stack {@code [G, d, d]}: (I, learned…) with the fixed identity, or the learned
     * elements alone.
     *
     * @param learned Sinkhorn outputs {@code [G', d, d]}, or null when only the identity is there
     * @param d       side of each matrix
     */
    public INDArray withIdentity(INDArray learned, int d, DataType type) {
        if (!fixIdentity) {
            return learned.castTo(type);
        }
        INDArray identity = Nd4j.eye(d).castTo(type).reshape(1, d, d);
        return learned == null ? identity : Nd4j.concat(0, identity, learned.castTo(type));
    }

    /** The fixed stack of explicit permutations {@code [G, d, d]} (float64): R[g, n, p_g(n)] = 1. */
    public INDArray permutationStack(String owner, int d) {
        int g = fixedPermutations.length;
        INDArray stack = Nd4j.zeros(DataType.DOUBLE, g, d, d);
        for (int e = 0; e < g; e++) {
            if (fixedPermutations[e].length != d) {
                throw new IllegalStateException(owner + ": fixedPermutations[" + e + "] expected " + d
                        + " images (the side d of the stack), found " + fixedPermutations[e].length);
            }
            for (int n = 0; n < d; n++) {
                stack.putScalar(new long[]{e, n, fixedPermutations[e][n]}, 1.0);
            }
        }
        return stack;
    }

    /** The updater of {@code "R"}: its own when set, else the layer's. */
    public IUpdater updater(IUpdater layerUpdater) {
        return representationUpdater != null ? representationUpdater : layerUpdater;
    }

    /**
     * The regularizations of {@code "R"}: the norm and entropy penalties, then the layer's weight
     * regularization when {@code regularizeRepresentations}.
     *
     * @param layerRegularization the layer's l1 / l2 / weight decay
     * @param d                   side of each logits matrix
     */
    public List<Regularization> regularization(List<Regularization> layerRegularization, int d) {
        return RepresentationPenalties.of(normPenalty, entropyPenalty, entropyWarmup, sinkhornIterations, d,
                regularizeRepresentations ? layerRegularization : null);
    }

    /**
     * Sets every option to {@code other}'s (the updater cloned, the permutations deep-copied).
     *
     * @param other the options to take
     */
    public void copyFrom(RepresentationStack other) {
        RepresentationStack c = other.clone();
        sinkhornIterations = c.sinkhornIterations;
        fixIdentity = c.fixIdentity;
        fixedGroup = c.fixedGroup;
        fixedPermutations = c.fixedPermutations;
        representationUpdater = c.representationUpdater;
        normPenalty = c.normPenalty;
        entropyPenalty = c.entropyPenalty;
        entropyWarmup = c.entropyWarmup;
        regularizeRepresentations = c.regularizeRepresentations;
        logitScale = c.logitScale;
    }

    @Override
    public RepresentationStack clone() {
        try {
            RepresentationStack c = (RepresentationStack) super.clone();
            c.fixedPermutations = fixedPermutations == null ? null : deepCopy(fixedPermutations);
            c.representationUpdater = representationUpdater == null ? null : representationUpdater.clone();
            return c;
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[][] deepCopy(int[][] a) {
        int[][] out = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] == null ? null : a[i].clone();
        }
        return out;
    }
}
