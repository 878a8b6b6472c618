package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.wsnn.core.Checks;
import org.wsnn.core.Sinkhorn;
import org.wsnn.core.SinkhornTrace;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.wsnn.layers.penalty.RepresentationPenalties;
import org.wsnn.layers.runtime.AxisSwap;

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
 * <h2>Training hooks</h2>
 * {@code "R"} can have its own updater ({@link #getRepresentationUpdater()}); the norm and entropy
 * penalties are attached to {@code "R"} as {@link Regularization}s ({@link org.wsnn.layers.penalty.NormPenalty},
 * {@link org.wsnn.layers.penalty.EntropyPenalty}), together with the layer's weight regularization (e.g. AdamW's weight decay).
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public abstract class WeightSharingConvolution extends GroupFeatureConvolution {

    /** Debug log of the Sinkhorn residual per forward pass (logger {@code org.wsnn.layers.sinkhorn}). */
    private static final org.slf4j.Logger SINKHORN_LOG = org.slf4j.LoggerFactory.getLogger("org.wsnn.layers.sinkhorn");

    /** Parameter key of the base kernels. */
    public static final String WEIGHT_KEY = "W";
    /** Parameter key of the representation logits. */
    public static final String REPRESENTATION_KEY = "R";
    /** The paper's number of Sinkhorn iterations. */
    public static final int DEFAULT_SINKHORN_ITERATIONS = 20;

    protected int sinkhornIterations = DEFAULT_SINKHORN_ITERATIONS;
    protected boolean fixIdentity = true;
    protected FixedGroup fixedGroup = FixedGroup.NONE;
    protected int[][] fixedPermutations;
    protected IUpdater representationUpdater;
    protected double normPenalty;
    protected double entropyPenalty;
    protected int entropyWarmup;
    protected boolean regularizeRepresentations = true;

    protected WeightSharingConvolution(Builder<?> b) {
        super(b);
        this.sinkhornIterations = b.sinkhornIterations;
        this.fixIdentity = b.fixIdentity;
        this.fixedGroup = b.fixedGroup;
        this.fixedPermutations = b.fixedPermutations == null ? null : deepCopy(b.fixedPermutations);
        this.representationUpdater = b.representationUpdater;
        this.normPenalty = b.normPenalty;
        this.entropyPenalty = b.entropyPenalty;
        this.entropyWarmup = b.entropyWarmup;
        this.regularizeRepresentations = b.regularizeRepresentations;
        validate();
    }

    private void validate() {
        validateCommon();
        String me = describe();
        Checks.positive(me, "sinkhornIterations", sinkhornIterations);
        Checks.notNull(me, "fixedGroup", fixedGroup);
        Checks.nonNegative(me, "normPenalty", normPenalty);
        Checks.nonNegative(me, "entropyPenalty", entropyPenalty);
        Checks.nonNegative(me, "entropyWarmup", entropyWarmup);
        if (fixedGroup != FixedGroup.NONE && fixedGroup.order() != groupSize) {
            throw new IllegalArgumentException(me + ": groupSize expected " + fixedGroup.order()
                    + " for fixedGroup " + fixedGroup + ", found " + groupSize);
        }
        if (fixedPermutations != null) {
            if (fixedGroup != FixedGroup.NONE) {
                throw new IllegalArgumentException(me + ": fixedPermutations and fixedGroup " + fixedGroup
                        + " both given; expected one of them");
            }
            if (fixedPermutations.length != groupSize) {
                throw new IllegalArgumentException(me + ": fixedPermutations expected " + groupSize
                        + " permutations (groupSize), found " + fixedPermutations.length);
            }
            for (int g = 0; g < fixedPermutations.length; g++) {
                org.wsnn.core.group.Permutation.of(fixedPermutations[g]);   // validates, naming the bad image
            }
        }
    }

    /** Checks the explicit permutations against d = Gin·k², known once the input type is set. */
    private void checkPermutationLength() {
        for (int g = 0; g < fixedPermutations.length; g++) {
            if (fixedPermutations[g].length != tapDimension()) {
                throw new IllegalStateException(describe() + ": fixedPermutations[" + g + "] expected "
                        + tapDimension() + " images (Gin·k² = " + inputGroupSize() + "·" + kernelSize + "²), found "
                        + fixedPermutations[g].length);
            }
        }
    }

    /**
     * Sets explicit fixed permutations (null: none). The parameter layout changes ({@code "R"} disappears),
     * so the cached parameter definition is dropped and rebuilt on next use.
     */
    public void setFixedPermutations(int[][] permutations) {
        this.fixedPermutations = permutations == null ? null : deepCopy(permutations);
        setLayerParams(null);
    }

    /** True when the stack is fixed: a {@link FixedGroup} or explicit {@code fixedPermutations}. */
    public boolean hasFixedStack() {
        return fixedGroup != FixedGroup.NONE || fixedPermutations != null;
    }

    private static int[][] deepCopy(int[][] a) {
        int[][] out = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] == null ? null : a[i].clone();
        }
        return out;
    }

    /** Length d = Gin·k² of a flattened base kernel, the side of each representation matrix. */
    public int tapDimension() {
        return inputGroupSize() * kernelSize * kernelSize;
    }

    /** True when the layer has learnable representation logits {@code "R"}. */
    public boolean hasLearnedRepresentations() {
        return !hasFixedStack() && learnedElements() > 0;
    }

    /** Number G' of learned stack elements: G − 1 with the fixed identity, else G. */
    public int learnedElements() {
        return hasFixedStack() ? 0 : (fixIdentity ? groupSize - 1 : groupSize);
    }

    /** Shape of {@code "W"}: {@code [nOut, nIn, k, k]} or {@code [nOut, nIn, Gin, k, k]}. */
    protected long[] weightShape() {
        return inputGroupSize() == 1 && inputRank() == 4
                ? new long[]{nOut, nIn, kernelSize, kernelSize}
                : new long[]{nOut, nIn, inputGroupSize(), kernelSize, kernelSize};
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        if (nIn <= 0) {
            throw new IllegalStateException(describe() + ": nIn is not set: give nIn(...) or set the network's input type");
        }
        params.clear();
        params.addWeightParam(WEIGHT_KEY, weightShape());
        if (hasLearnedRepresentations()) {
            int d = tapDimension();
            params.addWeightParam(REPRESENTATION_KEY, learnedElements(), d, d);
        }
        if (hasBias) {
            params.addBiasParam(BIAS_KEY, 1, nOut);
        }
    }

    /**
     * W ~ U(−1/√(nIn·d), 1/√(nIn·d)) (PyTorch's default, Kaiming-uniform with a = √5); logits
     * Θ ~ U[0, 1) as in the paper; bias 0. Drawn from ND4J's random generator, which DL4J seeds from
     * the network configuration's seed.
     */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get(WEIGHT_KEY);
        double bound = 1.0 / Math.sqrt((double) nIn * tapDimension());
        w.assign(Nd4j.rand(w.dataType(), w.shape()).muli(2 * bound).subi(bound));
        if (params.containsKey(REPRESENTATION_KEY)) {
            INDArray r = params.get(REPRESENTATION_KEY);
            r.assign(Nd4j.rand(r.dataType(), r.shape()));
        }
        initializeBias(params);
    }

    /**
     * Builds R = (I, Sinkhorn(Θ)) keeping the Sinkhorn trace, and the filters K = W_flat · S(R); the
     * backward pass maps ∂L/∂K to ∂L/∂W and, through {@link #kernelBackward} and the trace, to ∂L/∂Θ.
     */
    @Override
    public FilterPass filterPass(Map<String, INDArray> params) {
        INDArray weights = params.get(WEIGHT_KEY);
        if (hasFixedStack()) {
            return fixedFilterPass(weights);
        }
        SinkhornTrace trace = hasLearnedRepresentations()
                ? SinkhornTrace.forward(params.get(REPRESENTATION_KEY), sinkhornIterations) : null;
        INDArray stack = assembleStack(trace == null ? null : trace.output(), weights.dataType());
        if (trace != null && SINKHORN_LOG.isDebugEnabled()) {
            SINKHORN_LOG.debug("{}: Sinkhorn residual max |row or column sum - 1| = {} after {} iterations",
                    getLayerName(), Sinkhorn.residual(trace.output()), sinkhornIterations);
        }
        INDArray filters = materializeKernel(weights, stack);
        return new FilterPass() {
            @Override
            public INDArray filters() {
                return filters;
            }

            @Override
            public void backward(INDArray gradFilters, Map<String, INDArray> gradViews) {
                INDArray[] back = kernelBackward(gradFilters, weights, stack);
                gradViews.get(WEIGHT_KEY).assign(back[0]);
                if (trace != null) {
                    long first = fixIdentity ? 1 : 0;
                    INDArray learned = back[1].get(NDArrayIndex.interval(first, back[1].size(0)),
                            NDArrayIndex.all(), NDArrayIndex.all());
                    gradViews.get(REPRESENTATION_KEY).assign(trace.backward(learned));
                }
            }
        };
    }

    /**
     * The G-CNN baseline's pass: filters from the fixed stack's nonzeros ({@link SparseStack}: one per row
     * for C4 and FLIP, at most four for C8 and C16) instead of the dense product with the stack.
     */
    private FilterPass fixedFilterPass(INDArray weights) {
        SparseStack sparse = fixedPermutations != null ? SparseStack.of(fixedStack())
                : fixedGroup.sparseStack(kernelSize, inputGroupSize());
        INDArray filters = sparse.filters(weights, (int) nOut, (int) nIn)
                .reshape(nOut * groupSize, nIn * inputGroupSize(), kernelSize, kernelSize);
        return new FilterPass() {
            @Override
            public INDArray filters() {
                return filters;
            }

            @Override
            public void backward(INDArray gradFilters, Map<String, INDArray> gradViews) {
                gradViews.get(WEIGHT_KEY).assign(sparse.weightGradient(gradFilters, (int) nOut, (int) nIn)
                        .reshape(weights.shape()));
            }
        };
    }

    /** Shape of the materialised filters (OIYX): {@code [nOut·G, nIn·Gin, k, k]}. */
    public long[] filterShape() {
        return new long[]{nOut * groupSize, nIn * inputGroupSize(), kernelSize, kernelSize};
    }

    private INDArray fixedStack() {
        if (fixedPermutations == null) {
            return fixedGroup.stack(kernelSize, inputGroupSize());
        }
        checkPermutationLength();
        int d = tapDimension();
        INDArray stack = Nd4j.zeros(DataType.DOUBLE, groupSize, d, d);
        for (int g = 0; g < groupSize; g++) {
            for (int n = 0; n < d; n++) {
                stack.putScalar(new long[]{g, n, fixedPermutations[g][n]}, 1.0);
            }
        }
        return stack;
    }

    // ---------------------------------------------------------------- eager forms (runtime, inspection, export)

    /**
     * The full stack {@code [G, d, d]} from its learned part: the fixed group's permutations, or
     * (I, learned…) with the fixed identity, or the learned elements alone.
     *
     * @param learned Sinkhorn outputs {@code [G', d, d]}, or null when the layer learns nothing
     */
    public INDArray assembleStack(INDArray learned, DataType type) {
        if (hasFixedStack()) {
            return fixedStack().castTo(type);
        }
        return withIdentity(learned, fixIdentity, tapDimension(), type);
    }

    /**
     * (I, learned…) with the fixed identity, or the learned elements alone: the full stack of every
     * weight-sharing layer with a learned stack (the convolutions and {@link WeightSharingDense}).
     *
     * @param learned Sinkhorn outputs {@code [G', d, d]}, or null when only the identity is there
     */
    static INDArray withIdentity(INDArray learned, boolean fixIdentity, int d, DataType type) {
        if (!fixIdentity) {
            return learned.castTo(type);
        }
        INDArray identity = Nd4j.eye(d).castTo(type).reshape(1, d, d);
        return learned == null ? identity : Nd4j.concat(0, identity, learned.castTo(type));
    }

    /**
     * The full normalised stack {@code [G, d, d]} (identity included) for given logits, computed eagerly.
     *
     * @param logits the {@code "R"} parameter, or null when the layer has none
     */
    public INDArray representationStack(INDArray logits, DataType type) {
        return assembleStack(logits == null ? null : Sinkhorn.normalize(logits.castTo(type), sinkhornIterations), type);
    }

    /**
     * Materialised filters in PyTorch's OIHW layout {@code [nOut·G, nIn·Gin, k, k]} (filter o·G + g),
     * computed eagerly from the base kernels and the stack: K_flat = W_flat · S with
     * W_flat [nOut·nIn, d] and S [d, G·d], S[m, (g, n)] = R[g, n, m].
     */
    public INDArray materializeKernel(INDArray weights, INDArray stack) {
        INDArray k = product(weights.reshape(nOut * nIn, tapDimension()), false, stackMatrix(stack), false);
        return AxisSwap.swapMiddle(k, nOut, nIn, groupSize, tapDimension())
                .reshape(nOut * groupSize, nIn * inputGroupSize(), kernelSize, kernelSize);
    }

    /**
     * Backward pass of {@link #materializeKernel}: from ∂L/∂K (OIHW) to ∂L/∂W (shape of {@code "W"}) and
     * ∂L/∂R {@code [G, d, d]}: ∂L/∂W_flat = ∂L/∂K_flat · Sᵀ and ∂L/∂S = W_flatᵀ · ∂L/∂K_flat.
     *
     * @return {∂L/∂W, ∂L/∂R}
     */
    public INDArray[] kernelBackward(INDArray gradKernel, INDArray weights, INDArray stack) {
        int d = tapDimension();
        INDArray gradFlat = AxisSwap.swapMiddle(gradKernel, nOut, groupSize, nIn, d)
                .reshape(nOut * nIn, (long) groupSize * d);
        INDArray gradWeights = product(gradFlat, false, stackMatrix(stack), true).reshape(weights.shape());
        INDArray gradS = product(weights.reshape(nOut * nIn, d), true, gradFlat, false);
        INDArray gradStack = gradS.reshape(d, groupSize, d).permute(1, 2, 0).dup();
        return new INDArray[]{gradWeights, gradStack};
    }

    /**
     * op(a)·op(b) into a new C-ordered matrix through BLAS gemm (2–3× faster here than {@code mmul} for
     * these shapes), op = transpose when asked.
     */
    private static INDArray product(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        long rows = transposeA ? a.size(1) : a.size(0);
        long cols = transposeB ? b.size(0) : b.size(1);
        INDArray out = Nd4j.createUninitialized(a.dataType(), rows, cols);
        return Nd4j.gemm(a, b, out, transposeA, transposeB, 1.0, 0.0);
    }

    /** S [d, G·d] with S[m, (g, n)] = R[g, n, m]. */
    private INDArray stackMatrix(INDArray stack) {
        int d = tapDimension();
        return stack.permute(2, 0, 1).dup().reshape(d, (long) groupSize * d);
    }

    // ---------------------------------------------------------------- per-parameter training hooks

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        if (REPRESENTATION_KEY.equals(paramName) && representationUpdater != null) {
            return representationUpdater;
        }
        return super.getUpdaterByParam(paramName);
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        if (!REPRESENTATION_KEY.equals(paramName)) {
            return super.getRegularizationByParam(paramName);
        }
        return RepresentationPenalties.of(normPenalty, entropyPenalty, entropyWarmup, sinkhornIterations, tapDimension(),
                regularizeRepresentations ? regularization : null);
    }

    /**
     * Builder options of the weight-sharing layers.
     *
     * @param <T> the concrete builder
     */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends GroupFeatureConvolution.Builder<T> {
        protected int sinkhornIterations = DEFAULT_SINKHORN_ITERATIONS;
        protected boolean fixIdentity = true;
        protected FixedGroup fixedGroup = FixedGroup.NONE;
        protected int[][] fixedPermutations;
        protected IUpdater representationUpdater;
        protected double normPenalty;
        protected double entropyPenalty;
        protected int entropyWarmup;
        protected boolean regularizeRepresentations = true;

        /** Sinkhorn iterations K (default 20). */
        public T sinkhornIterations(int sinkhornIterations) {
            this.sinkhornIterations = sinkhornIterations;
            return (T) this;
        }

        /** Whether stack element 0 is the exact identity (default true); then G − 1 elements are learned. */
        public T fixIdentity(boolean fixIdentity) {
            this.fixIdentity = fixIdentity;
            return (T) this;
        }

        /** Use an exact group's stack instead of learned logits (the G-CNN baseline); default NONE. */
        public T fixedGroup(FixedGroup fixedGroup) {
            this.fixedGroup = fixedGroup;
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
            this.fixedPermutations = permutations;
            return (T) this;
        }

        /** Updater for {@code "R"} only (the paper uses its own learning rate); default: the layer's. */
        public T representationUpdater(IUpdater representationUpdater) {
            this.representationUpdater = representationUpdater;
            return (T) this;
        }

        /** Coefficient λ_norm of the norm penalty on {@code "R"} (paper: 0.1; default 0). */
        public T normPenalty(double normPenalty) {
            this.normPenalty = normPenalty;
            return (T) this;
        }

        /** Coefficient λ_ent of the entropy penalty on the stack (default 0). */
        public T entropyPenalty(double entropyPenalty) {
            this.entropyPenalty = entropyPenalty;
            return (T) this;
        }

        /**
         * Iterations over which the entropy penalty ramps up linearly from 0 to its coefficient (default 0:
         * full strength from the first step), so the stack finds its structure before it is made hard.
         */
        public T entropyWarmup(int entropyWarmup) {
            this.entropyWarmup = entropyWarmup;
            return (T) this;
        }

        /**
         * Whether the layer's weight regularization (l1, l2, weightDecay) applies to the representation
         * logits {@code "R"} too (default true, as the paper's AdamW decays every parameter). With false it
         * applies to {@code "W"} only: a decay on Θ pulls the logits' row and column shifts, to which
         * Sinkhorn is blind, towards 0 while the norm penalty pulls them towards −log d.
         */
        public T regularizeRepresentations(boolean regularizeRepresentations) {
            this.regularizeRepresentations = regularizeRepresentations;
            return (T) this;
        }
    }
}
