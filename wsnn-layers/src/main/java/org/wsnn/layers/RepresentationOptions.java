package org.wsnn.layers;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The builder options of a {@link RepresentationStack}, shared by the builders of every weight-sharing
 * layer (default methods: one definition, no copies).
 *
 * @param <T> the concrete builder
 */
@SuppressWarnings("unchecked")
public interface RepresentationOptions<T extends RepresentationOptions<T>> {

    /** The stack being configured (owned by the builder). */
    RepresentationStack representation();

    /**
     * Takes every option of {@code options} (copied, so later changes to either do not reach the other): a
     * stack configured once, e.g. by a {@link DiscoveryRecipe}, for several layers.
     */
    default T representationOptions(RepresentationStack options) {
        representation().copyFrom(options);
        return (T) this;
    }

    /** Sinkhorn iterations K (default 20). */
    default T sinkhornIterations(int sinkhornIterations) {
        representation().setSinkhornIterations(sinkhornIterations);
        return (T) this;
    }

    /** Whether stack element 0 is the exact identity (default true); then G − 1 elements are learned. */
    default T fixIdentity(boolean fixIdentity) {
        representation().setFixIdentity(fixIdentity);
        return (T) this;
    }

    /** Updater for {@code "R"} only (the paper uses its own learning rate); default: the layer's. */
    default T representationUpdater(IUpdater representationUpdater) {
        representation().setRepresentationUpdater(representationUpdater);
        return (T) this;
    }

    /** Coefficient λ_norm of the norm penalty on {@code "R"} (paper: 0.1; default 0). */
    default T normPenalty(double normPenalty) {
        representation().setNormPenalty(normPenalty);
        return (T) this;
    }

    /** Coefficient λ_ent of the entropy penalty on the stack (default 0). */
    default T entropyPenalty(double entropyPenalty) {
        representation().setEntropyPenalty(entropyPenalty);
        return (T) this;
    }

    /**
     * Iterations over which the entropy penalty ramps up linearly from 0 to its coefficient (default 0:
     * full strength from the first step), so the stack finds its structure before it is made hard.
     */
    default T entropyWarmup(int entropyWarmup) {
        representation().setEntropyWarmup(entropyWarmup);
        return (T) this;
    }

    /**
     * Whether the layer's weight regularization (l1, l2, weightDecay) applies to the representation
     * logits {@code "R"} too (default true, as the paper's AdamW decays every parameter). With false it
     * applies to {@code "W"} only: a decay on Θ pulls the logits' row and column shifts, to which
     * Sinkhorn is blind, towards 0 while the norm penalty pulls them towards −log d.
     */
    default T regularizeRepresentations(boolean regularizeRepresentations) {
        representation().setRegularizeRepresentations(regularizeRepresentations);
        return (T) this;
    }

    /**
     * Scale s of the logits' initialisation Θ ~ U[0, s) (default 1, the paper's). A larger s starts the
     * learned elements as sharper and more distinct soft permutations, away from the near-uniform matrices
     * at which the paper's logits barely move; it knows nothing of any group.
     */
    default T logitScale(double logitScale) {
        representation().setLogitScale(logitScale);
        return (T) this;
    }
}
