package org.wsnn.layers.penalty;

import lombok.EqualsAndHashCode;
import lombok.Getter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.wsnn.core.Checks;
import org.wsnn.core.Penalties;

/**
 * The entropy penalty λ · entropy(Sinkhorn(Θ)) of {@link Penalties#entropy} on a layer's representation
 * logits Θ, as a DL4J {@link Regularization}. The gradient is back-propagated through the same number of
 * Sinkhorn iterations the layer uses ({@link Penalties#entropyGradient}). The fixed identity element, when
 * present, is a constant with zero entropy and is not included.
 */
@Getter
@EqualsAndHashCode
public class EntropyPenalty implements Regularization {

    private final double coefficient;
    private final int sinkhornIterations;
    private final int dimension;

    /**
     * @param coefficient        λ ≥ 0
     * @param sinkhornIterations the layer's Sinkhorn iterations (≥ 1)
     * @param dimension          side d of each logits matrix (DL4J hands the parameter over flattened)
     */
    public EntropyPenalty(@JsonProperty("coefficient") double coefficient,
                          @JsonProperty("sinkhornIterations") int sinkhornIterations,
                          @JsonProperty("dimension") int dimension) {
        this.dimension = Checks.positive("EntropyPenalty", "dimension", dimension);
        this.coefficient = Checks.nonNegative("EntropyPenalty", "coefficient", coefficient);
        this.sinkhornIterations = Checks.positive("EntropyPenalty", "sinkhornIterations", sinkhornIterations);
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        INDArray grad = Penalties.entropyGradient(PenaltyShapes.stack(param, dimension), sinkhornIterations);
        gradView.addi(grad.muli(coefficient).reshape(gradView.shape()).castTo(gradView.dataType()));
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return coefficient * Penalties.entropyOfLogits(PenaltyShapes.stack(param, dimension), sinkhornIterations);
    }

    @Override
    public Regularization clone() {
        return new EntropyPenalty(coefficient, sinkhornIterations, dimension);
    }

    @Override
    public String toString() {
        return "EntropyPenalty(" + coefficient + ", iterations=" + sinkhornIterations + ")";
    }
}
