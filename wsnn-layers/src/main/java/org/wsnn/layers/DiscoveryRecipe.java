package org.wsnn.layers;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.wsnn.core.Choices;

import java.util.Locale;

/**
 * How the representation logits Θ of the learned stacks are trained: their updater, whether the layer's
 * l1/l2/weight decay reaches them, and the norm and entropy penalties. A recipe knows nothing of any group:
 * it only sets how fast and under which pulls Θ moves.
 *
 * <ul>
 *   <li>{@link #PAPER}: the paper's configuration, kept for reproduction: Adam(1e-2) on Θ, the weight decay of
 *       every parameter (1e-4) on Θ too, λ_norm = 0.1, λ_ent = 0.</li>
 *   <li>{@link #FAST}: Adam(5e-2) on Θ, no decay and no norm penalty on Θ, λ_ent = 0. Sinkhorn is blind to
 *       adding a constant to a row or a column of Θ (the gauge); weight decay pulls that gauge to 0 while the
 *       norm penalty pulls it to −log d, and under Adam's per-coordinate scaling these opposing pulls can
 *       outweigh the small task gradient on Θ: in the paper's recipe the lifting stack stays within 0.01 of uniform for the first
 *       2,000 steps. Without them and with a five times larger step, the stack moves off uniform within the
 *       first hundred steps, and at 2,000 steps the network was the more accurate one (seed 1, in wsnn and
 *       in the PyTorch reference: docs/discovery.md §6). It does <b>not</b> reach the exact C4 rotations on rotated
 *       digits within 2,000 steps: see docs/discovery.md for what it reaches and why.</li>
 * </ul>
 * An entropy push is deliberately absent from both: applied through Adam, its sign is consistent where the
 * task gradient is noise, so even a small coefficient hardens each element onto the permutation nearest to
 * its random start (measured: the lifting stack frozen from step 200 on, when a ramp had reached λ_ent = 5e-4).
 *
 * <p>Settings given explicitly (a zoo builder's {@code representationUpdater}, {@code normPenalty},
 * {@code entropyPenalty}) override the recipe's.
 */
public enum DiscoveryRecipe {
    /** The paper's configuration. */
    PAPER("paper", 1e-2, true, 0.1),
    /** Larger steps on Θ, no decay and no norm penalty on Θ. */
    FAST("fast", 5e-2, false, 0.0);

    private final String cliName;
    private final double learningRate;
    private final boolean decayLogits;
    private final double normPenalty;

    DiscoveryRecipe(String cliName, double learningRate, boolean decayLogits, double normPenalty) {
        this.cliName = cliName;
        this.learningRate = learningRate;
        this.decayLogits = decayLogits;
        this.normPenalty = normPenalty;
    }

    /** @return the name on the command line and in metadata ("paper", "fast") */
    public String cliName() {
        return cliName;
    }

    /** @return the recipe's updater of Θ (a new instance) */
    public IUpdater representationUpdater() {
        return new Adam(learningRate);
    }

    /** @return whether the layer's l1/l2/weight decay is applied to Θ */
    public boolean decaysLogits() {
        return decayLogits;
    }

    /** @return the recipe's λ_norm */
    public double normPenalty() {
        return normPenalty;
    }

    /** @return the recipe's λ_ent (0 for both recipes) */
    public double entropyPenalty() {
        return 0.0;
    }

    /**
     * A learned stack's options under this recipe.
     *
     * @param representationUpdater explicit updater of Θ, or null for the recipe's
     * @param normPenalty           explicit λ_norm, or null for the recipe's
     * @param entropyPenalty        explicit λ_ent, or null for the recipe's
     */
    public RepresentationStack representation(IUpdater representationUpdater, Double normPenalty,
                                              Double entropyPenalty) {
        RepresentationStack r = RepresentationStack.of(
                representationUpdater != null ? representationUpdater : representationUpdater(),
                normPenalty != null ? normPenalty : normPenalty(),
                entropyPenalty != null ? entropyPenalty : entropyPenalty());
        r.setRegularizeRepresentations(decayLogits);
        return r;
    }

    /**
     * Parses a name (case-insensitive).
     *
     * @throws IllegalArgumentException "unknown recipe 'X'; expected one of: paper, fast"
     */
    public static DiscoveryRecipe parse(String name) {
        return Choices.parse(values(), DiscoveryRecipe::cliName, "recipe", name,
                (recipe, input) -> recipe.cliName.equals(input.toLowerCase(Locale.ROOT)));
    }
}
