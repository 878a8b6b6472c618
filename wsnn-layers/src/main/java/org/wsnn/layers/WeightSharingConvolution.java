package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;
import org.wsnn.layers.kernel.StackKernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learnable weight sharing: a group convolution whose G filters per output channel are transformed
 * copies of one base kernel, kernel_g = R_g · w, with R_g a doubly stochastic matrix.
 *
 * <h2>Parameters</h2>
 * <ul>
 *   <li>{@code "W"}: base kernels, element order {@code [nOut, nIn, Gin, k, k]} (Gin = 1 for lifting,
 *       stored {@code [nOut, nIn, k, k]}), flattened to w ∈ R^d per (o, i) with d = Gin·k².</li>
 *   <li>{@code "b"}: bias {@code [1, nOut]} (when {@code hasBias}).</li>
 *   <li>{@code "R"}: representation logits Θ {@code [G', d, d]}, G' = G − 1 with {@code fixIdentity}
 *       (element 0 is then the exact identity, a graph constant), else G. Absent for a fixed stack
 *       ({@code fixedGroup}, or explicit {@code fixedPermutations} as {@code StackHardening} writes them).</li>
 * </ul>
 *
 * <h2>Kernel construction</h2>
 * <pre>
 *   R = (I, Sinkhorn(Θ_1), …, Sinkhorn(Θ_{G−1}))          (or the fixed group's permutations)
 *   K[o, g, i, n] = Σ_m R[g, n, m] · W[o, i, m]            (einsum "gnm,oim->ogin")
 * </pre>
 * computed as one matrix product W_flat [nOut·nIn, d] × R' [d, G·d] with R'[m, (g, n)] = R[g, n, m],
 * then rearranged to filters o·G + g over input channels i·Gin + h.
 *
 * computed by {@link StackKernel} (dense learned stack) or {@link org.wsnn.layers.kernel.SparseStack}
 * (a fixed group's), called by the runtime.
 *
 * <h2>Training hooks</h2>
 * Everything about the stack is one {@link RepresentationStack} ({@code getRepresentation()}, flat in
 * the JSON): {@code "R"} can have its own updater; the norm and entropy penalties are attached to
 * {@code "R"} as {@link Regularization}s ({@link org.wsnn.layers.penalty.NormPenalty},
 * {@link org.wsnn.layers.penalty.EntropyPenalty}), together with the layer's weight regularization (e.g.
 * AdamW's weight decay) unless {@code regularizeRepresentations(false)}. {@code "W"} and {@code "b"} follow
 * DL4J's rules for weights and biases (updater and bias updater, l1 / l2 / weight decay and their bias
 * forms, weight init and bias init, weight noise, constraints), fine-tune configurations included; a
 * fine-tune updater reaches {@code "R"} too unless the layer has its own representation updater.
 */
@Data
@EqualsAndHashCode(callSuper = true)
public abstract class WeightSharingConvolution extends GroupFeatureConvolution {

    /** Parameter key of the representation logits. */
    public static final String REPRESENTATION_KEY = "R";
    /** The paper's number of Sinkhorn iterations. */
    public static final int DEFAULT_SINKHORN_ITERATIONS = RepresentationStack.DEFAULT_SINKHORN_ITERATIONS;

    /** The representation stack's options; its fields are this layer's in the JSON. */
    @JsonUnwrapped
    protected RepresentationStack representation = new RepresentationStack();

    /** For JSON. */
    protected WeightSharingConvolution() {
    }

    protected WeightSharingConvolution(Builder<?> b) {
        super(b);
        this.representation = b.representation.clone();
        validateCommon();
        representation.validate(describe(), groupSize);
        initializeConstraints(b);   // now that the parameter keys are known
    }

    @Override
    public WeightSharingConvolution clone() {
        WeightSharingConvolution c = (WeightSharingConvolution) super.clone();
        c.representation = representation.clone();
        return c;
    }

    /**
     * Sets explicit fixed permutations (null: none); the parameter layout changes ({@code "R"} disappears).
     * (Not named as a bean setter: Jackson would take the JSON field for this class instead of the
     * embedded representation stack's.)
     */
    public void useFixedPermutations(int[][] permutations) {
        representation.setFixedPermutations(permutations);
    }

    /** True when the stack is fixed: a {@link FixedGroup} or explicit {@code fixedPermutations}. */
    public boolean hasFixedStack() {
        return representation.hasFixedStack();
    }

    /** Length d = Gin·k² of a flattened base kernel, the side of each representation matrix. */
    public int tapDimension() {
        return kernelShape().tapDimension();
    }

    /** True when the layer has learnable representation logits {@code "R"}. */
    public boolean hasLearnedRepresentations() {
        return representation.hasLearnedRepresentations(groupSize);
    }

    /** Number G' of learned stack elements: G − 1 with the fixed identity, else G. */
    public int learnedElements() {
        return representation.learnedElements(groupSize);
    }

    /** Shape of {@code "W"}: {@code [nOut, nIn, k, k]} or {@code [nOut, nIn, Gin, k, k]}. */
    protected long[] weightShape() {
        return inputGroupSize() == 1 && inputRank() == 4
                ? new long[]{nOut, nIn, kernelSize, kernelSize}
                : new long[]{nOut, nIn, inputGroupSize(), kernelSize, kernelSize};
    }

    /** {@code "W"}, then {@code "R"} when learned, then {@code "b"}: the order of the saved v1 models. */
    @Override
    public LinkedHashMap<String, long[]> parameterShapes() {
        if (nIn <= 0) {
            throw new IllegalStateException(describe() + ": nIn is not set: give nIn(...) or set the network's input type");
        }
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(WEIGHT_KEY, weightShape());
        if (hasLearnedRepresentations()) {
            int d = tapDimension();
            shapes.put(REPRESENTATION_KEY, new long[]{learnedElements(), d, d});
        }
        return withBias(shapes);
    }

    /**
     * W with the layer's weight init (default PyTorch's U(−1/√(nIn·d), 1/√(nIn·d))); logits
     * Θ ~ U[0, logitScale) (U[0, 1) as in the paper); bias with DL4J's bias init (0). Drawn in this order from ND4J's random
     * generator, which DL4J seeds from the network configuration's seed.
     */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get(WEIGHT_KEY);
        double[] fans = fans();
        weightInitFn.init(fans[0], fans[1], w.shape(), 'c', w);
        if (params.containsKey(REPRESENTATION_KEY)) {
            INDArray r = params.get(REPRESENTATION_KEY);
            r.assign(Nd4j.rand(r.dataType(), r.shape()).muli(representation.getLogitScale()));
        }
        initializeBias(params);
    }

    @Override
    protected List<String> extraParameterKeys() {
        return hasLearnedRepresentations() ? List.of(REPRESENTATION_KEY) : List.of();
    }

    @Override
    protected long stackWorkingElements() {
        long d = tapDimension();
        return hasLearnedRepresentations()
                ? (long) learnedElements() * d * d * (2L * representation.getSinkhornIterations() + 3) : 0;
    }

    // ---------------------------------------------------------------- the stack, eagerly (inspection, export)

    /**
     * The fixed stack {@code [G, d, d]} (float64): the named group's, or the explicit permutations.
     *
     * @throws IllegalStateException when the stack is learned
     */
    public INDArray fixedStack() {
        if (representation.getFixedPermutations() != null) {
            return representation.permutationStack(describe(), tapDimension());
        }
        return representation.getFixedGroup().stack(kernelSize, inputGroupSize());
    }

    /**
     * The full stack {@code [G, d, d]} from its learned part: the fixed stack, or (I, learned…) with the
     * fixed identity, or the learned elements alone.
     *
     * @param learned Sinkhorn outputs {@code [G', d, d]}, or null when the layer learns nothing
     */
    public INDArray assembleStack(INDArray learned, DataType type) {
        if (hasFixedStack()) {
            return fixedStack().castTo(type);
        }
        return representation.withIdentity(learned, tapDimension(), type);
    }

    /**
     * The full normalised stack {@code [G, d, d]} (identity included) for given logits, computed eagerly.
     *
     * @param logits the {@code "R"} parameter, or null when the layer has none
     */
    public INDArray representationStack(INDArray logits, DataType type) {
        return assembleStack(logits == null ? null
                : representation.normalize(logits, learnedElements(), tapDimension(), type), type);
    }

    // ---------------------------------------------------------------- per-parameter training hooks

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        if (REPRESENTATION_KEY.equals(paramName)) {
            return representation.updater(iUpdater);
        }
        return super.getUpdaterByParam(paramName);
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        if (!REPRESENTATION_KEY.equals(paramName)) {
            return super.getRegularizationByParam(paramName);
        }
        return representation.regularization(regularization, tapDimension());
    }

    /**
     * Builder options of the weight-sharing convolutions: those of every group convolution, of the
     * representation stack ({@link RepresentationOptions}), and the fixed stacks.
     *
     * @param <T> the concrete builder
     */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends GroupFeatureConvolution.Builder<T>
            implements RepresentationOptions<T> {
        protected final RepresentationStack representation = new RepresentationStack();

        @Override
        public RepresentationStack representation() {
            return representation;
        }

        /** Use an exact group's stack instead of learned logits (the G-CNN baseline); default NONE. */
        public T fixedGroup(FixedGroup fixedGroup) {
            representation.setFixedGroup(fixedGroup);
            return (T) this;
        }

        /**
         * Use an explicit set of permutations as the fixed stack (no {@code "R"}): element g maps the
         * flattened kernel w ∈ R^d (d = Gin·k²) to (P_g w)_n = w[permutations[g][n]]. This is what
         * hardening a learned layer produces ({@code org.wsnn.layers.export.StackHardening}); for a named
         * group use {@link #fixedGroup(FixedGroup)}. Default: none.
         *
         * @param permutations groupSize permutations of 0..d−1 (copied)
         */
        public T fixedPermutations(int[][] permutations) {
            representation.setFixedPermutations(permutations);
            return (T) this;
        }
    }
}
