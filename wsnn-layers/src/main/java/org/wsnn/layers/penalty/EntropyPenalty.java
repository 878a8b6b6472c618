package org.wsnn.layers.penalty;

import lombok.EqualsAndHashCode;
import lombok.Getter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.wsnn.core.Checks;
import org.wsnn.core.Penalties;

/**
 * The entropy penalty λ · entropy(Sinkhorn(Θ)) of {@link Penalties#entropy} on a layer's representation
 * logits Θ, as a DL4J {@link Regularization}. The gradient is back-propagated through the same number of
 * Sinkhorn iterations the layer uses ({@link Penalties#entropyGradient}). The fixed identity element, when
 * present, is a constant with zero entropy and is not included.
 *
 * <p><b>Warm-up.</b> With {@code warmupIterations} W &gt; 0 the coefficient ramps linearly,
 * λ(t) = λ · min(1, (t + 1)/W) at iteration t (DL4J hands the iteration to every {@link Regularization}):
 * the stack first finds its structure softly and is only then pushed towards hard permutations. Applied
 * from the start, the penalty can lock an element into a hard permutation that is wrong on a few
 * coordinates ({@code docs/discovery.md}).
 */
@Getter
@EqualsAndHashCode
public class EntropyPenalty implements Regularization {

    private final double coefficient;
    private final int sinkhornIterations;
    private final int dimension;
    private final int warmupIterations;

    /**
     * @param coefficient        λ ≥ 0
     * @param sinkhornIterations the layer's Sinkhorn iterations (≥ 1)
     * @param dimension          side d of each logits matrix (DL4J hands the parameter over flattened)
     */
    public EntropyPenalty(double coefficient, int sinkhornIterations, int dimension) {
        this(coefficient, sinkhornIterations, dimension, 0);
    }

    /**
     * @param coefficient        λ ≥ 0
     * @param sinkhornIterations the layer's Sinkhorn iterations (≥ 1)
     * @param dimension          side d of each logits matrix (DL4J hands the parameter over flattened)
     * @param warmupIterations   W ≥ 0: iterations over which λ ramps up linearly (0: none; absent in JSON
     *                           written before it existed, which reads as 0)
     */
    @JsonCreator
    public EntropyPenalty(@JsonProperty("coefficient") double coefficient,
                          @JsonProperty("sinkhornIterations") int sinkhornIterations,
                          @JsonProperty("dimension") int dimension,
                          @JsonProperty("warmupIterations") int warmupIterations) {
        this.dimension = Checks.positive("EntropyPenalty", "dimension", dimension);
        this.coefficient = Checks.nonNegative("EntropyPenalty", "coefficient", coefficient);
        this.sinkhornIterations = Checks.positive("EntropyPenalty", "sinkhornIterations", sinkhornIterations);
        this.warmupIterations = (int) Checks.nonNegative("EntropyPenalty", "warmupIterations", warmupIterations);
    }

    /** λ(t): the coefficient at iteration t, after the warm-up ramp. */
    public double coefficientAt(int iteration) {
        return warmupIterations <= 0 ? coefficient
                : coefficient * Math.min(1.0, (iteration + 1.0) / warmupIterations);
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        INDArray grad = Penalties.entropyGradient(PenaltyShapes.stack(param, dimension), sinkhornIterations);
        gradView.addi(grad.muli(coefficientAt(iteration)).reshape(gradView.shape()).castTo(gradView.dataType()));
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return coefficientAt(iteration) * Penalties.entropyOfLogits(PenaltyShapes.stack(param, dimension), sinkhornIterations);
    }

    @Override
    public Regularization clone() {
        return new EntropyPenalty(coefficient, sinkhornIterations, dimension, warmupIterations);
    }

    @Override
    public String toString() {
        return "EntropyPenalty(" + coefficient + ", iterations=" + sinkhornIterations
                + (warmupIterations > 0 ? ", warmup=" + warmupIterations : "") + ")";
    }
}
