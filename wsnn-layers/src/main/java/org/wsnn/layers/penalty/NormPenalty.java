package org.wsnn.layers.penalty;

import lombok.EqualsAndHashCode;
import lombok.Getter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.wsnn.core.Checks;
import org.wsnn.core.Penalties;

/**
 * The norm penalty λ · norm(Θ) of {@link Penalties#norm} on a layer's representation logits Θ, as a DL4J
 * {@link Regularization}: it is added to the score and its gradient λ · ∂norm/∂Θ is added to the
 * parameter gradient before the updater runs.
 */
@Getter
@EqualsAndHashCode
public class NormPenalty implements Regularization {

    private final double coefficient;

    /**
     * @param coefficient λ ≥ 0 (the paper uses 0.1)
     */
    public NormPenalty(@JsonProperty("coefficient") double coefficient) {
        this.coefficient = Checks.nonNegative("NormPenalty", "coefficient", coefficient);
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        gradView.addi(Penalties.normGradient(param).muli(coefficient).castTo(gradView.dataType()));
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return coefficient * Penalties.norm(param);
    }

    @Override
    public Regularization clone() {
        return new NormPenalty(coefficient);
    }

    @Override
    public String toString() {
        return "NormPenalty(" + coefficient + ")";
    }
}
