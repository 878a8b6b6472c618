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
    private final int dimension;

    /**
     * @param coefficient λ ≥ 0 (the paper uses 0.1)
     * @param dimension   side d of each logits matrix (DL4J hands the parameter over flattened)
     */
    public NormPenalty(@JsonProperty("coefficient") double coefficient, @JsonProperty("dimension") int dimension) {
        this.coefficient = Checks.nonNegative("NormPenalty", "coefficient", coefficient);
        this.dimension = Checks.positive("NormPenalty", "dimension", dimension);
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        INDArray grad = Penalties.normGradient(PenaltyShapes.stack(param, dimension));
        gradView.addi(grad.muli(coefficient).reshape(gradView.shape()).castTo(gradView.dataType()));
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return coefficient * Penalties.norm(PenaltyShapes.stack(param, dimension));
    }

    @Override
    public Regularization clone() {
        return new NormPenalty(coefficient, dimension);
    }

    @Override
    public String toString() {
        return "NormPenalty(" + coefficient + ")";
    }
}
