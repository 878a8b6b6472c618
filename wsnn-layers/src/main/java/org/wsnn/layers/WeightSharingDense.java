package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.wsnn.core.Checks;
import org.wsnn.core.Sinkhorn;
import org.wsnn.layers.penalty.RepresentationPenalties;
import org.wsnn.layers.runtime.WeightSharingDenseLayer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Learnable weight sharing over a whole flattened signal: a fully connected layer whose G weight vectors
 * per output channel are transformed copies of one base vector, w_{o,g} = R_g · w_o, with R_g a doubly
 * stochastic matrix. This is the layer of the paper's synthetic symmetry-discovery experiments (1D shifts,
 * 2D rotations, voxel rotations), where the "kernel" covers the whole signal of length d.
 *
 * <h2>Shapes</h2>
 * Input {@code [B, d]} ({@code InputType.feedForward(d)}); output {@code [B, nOut·G]} with index o·G + g
 * (channel-major, group-minor, as the convolutions' filter index):
 * <pre>
 *   R = (I, Sinkhorn(Θ_1), …, Sinkhorn(Θ_{G−1}))        (fixIdentity; else R = Sinkhorn(Θ))
 *   y[b, o·G + g] = Σ_n (R_g · W_o)[n] · x[b, n] + bias[o]
 * </pre>
 * computed as one product x [B, d] × K [d, nOut·G] with K[n, o·G + g] = Σ_m R[g, n, m] W[o, m].
 *
 * <h2>Parameters</h2>
 * <ul>
 *   <li>{@code "W"}: base vectors {@code [nOut, d]}.</li>
 *   <li>{@code "R"}: representation logits Θ {@code [G', d, d]}, G' = G − 1 with {@code fixIdentity}
 *       (element 0 is then the exact identity, a graph constant), else G; absent when G' = 0.</li>
 *   <li>{@code "b"}: bias {@code [1, nOut]}, one per output channel shared over the group axis (when
 *       {@code hasBias}).</li>
 * </ul>
 *
 * <h2>Training hooks</h2>
 * As {@link WeightSharingConvolution}: {@code "R"} can have its own updater; the norm and entropy
 * penalties are {@link Regularization}s on {@code "R"} ({@link org.wsnn.layers.penalty.NormPenalty}, {@link org.wsnn.layers.penalty.EntropyPenalty}),
 * counted in the score by the corrected runtime.
 *
 * <pre>{@code
 * new WeightSharingDense.Builder().nIn(12).nOut(16).groupSize(12).normPenalty(0.1).entropyPenalty(0.003).build()
 * }</pre>
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class WeightSharingDense extends WsnnSameDiffLayer {

    /** Parameter key of the base vectors. */
    public static final String WEIGHT_KEY = WeightSharingConvolution.WEIGHT_KEY;
    /** Parameter key of the representation logits. */
    public static final String REPRESENTATION_KEY = WeightSharingConvolution.REPRESENTATION_KEY;
    /** Parameter key of the bias. */
    public static final String BIAS_KEY = GroupFeatureConvolution.BIAS_KEY;

    protected long nIn;
    protected long nOut;
    protected int groupSize;
    protected int sinkhornIterations = WeightSharingConvolution.DEFAULT_SINKHORN_ITERATIONS;
    protected boolean fixIdentity = true;
    protected IUpdater representationUpdater;
    protected double normPenalty;
    protected double entropyPenalty;
    protected int entropyWarmup;
    protected boolean regularizeRepresentations = true;
    protected boolean hasBias = true;

    protected WeightSharingDense(Builder b) {
        super(b);
        this.nIn = b.nIn;
        this.nOut = b.nOut;
        this.groupSize = b.groupSize;
        this.sinkhornIterations = b.sinkhornIterations;
        this.fixIdentity = b.fixIdentity;
        this.representationUpdater = b.representationUpdater;
        this.normPenalty = b.normPenalty;
        this.entropyPenalty = b.entropyPenalty;
        this.entropyWarmup = b.entropyWarmup;
        this.regularizeRepresentations = b.regularizeRepresentations;
        this.hasBias = b.hasBias;
        validate();
    }

    private void validate() {
        String me = describe();
        if (nIn < 0) {
            throw new IllegalArgumentException(me + ": nIn (signal length d) must be positive (or 0 to take it from"
                    + " the input type), found " + nIn);
        }
        Checks.positive(me, "nOut", nOut);
        Checks.positive(me, "groupSize", groupSize);
        Checks.positive(me, "sinkhornIterations", sinkhornIterations);
        Checks.nonNegative(me, "normPenalty", normPenalty);
        Checks.nonNegative(me, "entropyPenalty", entropyPenalty);
        Checks.nonNegative(me, "entropyWarmup", entropyWarmup);
    }

    /** Side d of each representation matrix: the signal length {@code nIn}. */
    public int tapDimension() {
        return (int) nIn;
    }

    /** Number G' of learned stack elements: G − 1 with the fixed identity, else G. */
    public int learnedElements() {
        return fixIdentity ? groupSize - 1 : groupSize;
    }

    /** True when the layer has learnable representation logits {@code "R"}. */
    public boolean hasLearnedRepresentations() {
        return learnedElements() > 0;
    }

    // ---------------------------------------------------------------- parameters

    @Override
    public void defineParameters(SDLayerParams params) {
        if (nIn <= 0) {
            throw new IllegalStateException(describe() + ": nIn is not set: give nIn(...) or set the network's input type");
        }
        params.clear();
        params.addWeightParam(WEIGHT_KEY, nOut, nIn);
        if (hasLearnedRepresentations()) {
            params.addWeightParam(REPRESENTATION_KEY, learnedElements(), nIn, nIn);
        }
        if (hasBias) {
            params.addBiasParam(BIAS_KEY, 1, nOut);
        }
    }

    /**
     * W ~ U(−1/√d, 1/√d) (PyTorch's {@code Linear} default); logits Θ ~ U[0, 1) as in the paper; bias 0.
     * Drawn from ND4J's random generator, which DL4J seeds from the network configuration's seed.
     */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get(WEIGHT_KEY);
        double bound = 1.0 / Math.sqrt((double) nIn);
        w.assign(Nd4j.rand(w.dataType(), w.shape()).muli(2 * bound).subi(bound));
        if (params.containsKey(REPRESENTATION_KEY)) {
            INDArray r = params.get(REPRESENTATION_KEY);
            r.assign(Nd4j.rand(r.dataType(), r.shape()));
        }
        if (hasBias) {
            params.get(BIAS_KEY).assign(0);
        }
    }

    // ---------------------------------------------------------------- forward pass

    /** Not a SameDiff graph: the layer runs in {@link WeightSharingDenseLayer} (see there for why). */
    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        throw new UnsupportedOperationException(describe() + " runs in WeightSharingDenseLayer, not as a SameDiff graph");
    }

    @Override
    protected org.wsnn.layers.runtime.CorrectedSameDiffLayer runtime(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
            DataType networkDataType) {
        return new WeightSharingDenseLayer(conf, networkDataType);
    }

    /**
     * The full stack {@code [G, d, d]} from its learned part: (I, learned…) with the fixed identity, or the
     * learned elements alone.
     *
     * @param learned Sinkhorn outputs {@code [G', d, d]}, or null when the layer learns nothing
     */
    public INDArray assembleStack(INDArray learned, DataType type) {
        return WeightSharingConvolution.withIdentity(learned, fixIdentity, tapDimension(), type);
    }

    // ---------------------------------------------------------------- eager forms (inspection, analysis)

    /**
     * The full normalised stack {@code [G, d, d]} (identity included) for given logits, computed eagerly.
     *
     * @param logits the {@code "R"} parameter {@code [G', d, d]}, or null when the layer has none
     * @param type   data type of the result
     */
    public INDArray representationStack(INDArray logits, DataType type) {
        int d = tapDimension();
        if (logits != null && logits.length() != (long) learnedElements() * d * d) {
            throw new IllegalArgumentException(describe() + ": representation logits expected shape ["
                    + learnedElements() + ", " + d + ", " + d + "] (or that many values), found "
                    + Arrays.toString(logits.shape()));
        }
        if (logits == null && hasLearnedRepresentations()) {
            throw new IllegalArgumentException(describe() + ": representation logits expected shape ["
                    + learnedElements() + ", " + d + ", " + d + "], found null");
        }
        INDArray learned = logits == null ? null
                : Sinkhorn.normalize(logits.castTo(type).reshape('c', learnedElements(), d, d), sinkhornIterations);
        return assembleStack(learned, type);
    }

    /**
     * Materialised weight vectors {@code [nOut·G, d]} (row o·G + g is R_g · W_o), computed eagerly: the
     * weights of an equivalent plain dense layer.
     */
    public INDArray materializeWeights(INDArray weights, INDArray stack) {
        int d = tapDimension();
        Checks.shape(describe(), "weights", new long[]{nOut, d}, weights.shape());
        Checks.shape(describe(), "stack", new long[]{groupSize, d, d}, stack.shape());
        INDArray stackT = stack.permute(2, 0, 1).dup('c').reshape(d, (long) groupSize * d);
        return weights.mmul(stackT).reshape(nOut * groupSize, d);
    }

    // ---------------------------------------------------------------- shapes and validation

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        signalLength(inputType);
        return InputType.feedForward(nOut * groupSize);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        long d = signalLength(inputType);
        if (nIn <= 0 || override) {
            nIn = d;
        } else if (nIn != d) {
            throw new IllegalArgumentException(describe() + ": nIn (signal length d) expected " + nIn
                    + " as configured, found " + d + " in the input type " + inputType);
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    /** Signal length of a feed-forward input type (or a flat convolutional one, whose arrays are [B, d] too). */
    private long signalLength(InputType inputType) {
        Checks.notNull(describe(), "inputType", inputType);
        if (inputType instanceof InputType.InputTypeFeedForward ff) {
            return ff.getSize();
        }
        if (inputType instanceof InputType.InputTypeConvolutionalFlat flat) {
            return flat.getFlattenedSize();
        }
        throw new IllegalArgumentException(describe() + ": input type expected a flat signal [B, d]"
                + " (InputType.feedForward(d)), found " + inputType);
    }

    @Override
    public void validateInput(INDArray input) {
        if (input.rank() != 2) {
            throw new IllegalArgumentException(describe() + ": input rank expected 2 [B, d], found rank " + input.rank()
                    + " with shape " + Arrays.toString(input.shape()));
        }
        if (input.size(1) != nIn) {
            throw new IllegalArgumentException(describe() + ": input signal length d expected " + nIn + ", found "
                    + input.size(1) + " (input shape " + Arrays.toString(input.shape()) + ")");
        }
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

    /** Builder of {@link WeightSharingDense}; {@link #build()} validates every option. */
    public static class Builder extends WsnnSameDiffLayer.Builder<Builder> {
        protected long nIn;
        protected long nOut;
        protected int groupSize;
        protected int sinkhornIterations = WeightSharingConvolution.DEFAULT_SINKHORN_ITERATIONS;
        protected boolean fixIdentity = true;
        protected IUpdater representationUpdater;
        protected double normPenalty;
        protected double entropyPenalty;
        protected int entropyWarmup;
        protected boolean regularizeRepresentations = true;
        protected boolean hasBias = true;

        /** Signal length d (0: taken from the network's input type). */
        public Builder nIn(long nIn) {
            this.nIn = nIn;
            return this;
        }

        /** Output channels (base vectors); the layer outputs nOut·groupSize values. */
        public Builder nOut(long nOut) {
            this.nOut = nOut;
            return this;
        }

        /** Size G of the stack (group axis of the output). */
        public Builder groupSize(int groupSize) {
            this.groupSize = groupSize;
            return this;
        }

        /** Sinkhorn iterations K (default 20). */
        public Builder sinkhornIterations(int sinkhornIterations) {
            this.sinkhornIterations = sinkhornIterations;
            return this;
        }

        /** Whether stack element 0 is the exact identity (default true); then G − 1 elements are learned. */
        public Builder fixIdentity(boolean fixIdentity) {
            this.fixIdentity = fixIdentity;
            return this;
        }

        /** Updater for {@code "R"} only; default: the layer's. */
        public Builder representationUpdater(IUpdater representationUpdater) {
            this.representationUpdater = representationUpdater;
            return this;
        }

        /** Coefficient λ_norm of the norm penalty on {@code "R"} (paper: 0.1; default 0). */
        public Builder normPenalty(double normPenalty) {
            this.normPenalty = normPenalty;
            return this;
        }

        /** Coefficient λ_ent of the entropy penalty on the stack (default 0). */
        public Builder entropyPenalty(double entropyPenalty) {
            this.entropyPenalty = entropyPenalty;
            return this;
        }

        /**
         * Iterations over which the entropy penalty ramps up linearly from 0 to its coefficient (default 0:
         * full strength from the first step), so the stack finds its structure before it is made hard.
         */
        public Builder entropyWarmup(int entropyWarmup) {
            this.entropyWarmup = entropyWarmup;
            return this;
        }

        /**
         * Whether the layer's weight regularization (l1, l2, weightDecay) applies to the representation
         * logits {@code "R"} too (default true, as the paper's AdamW decays every parameter). With false it
         * applies to {@code "W"} only: a decay on Θ pulls the logits' row and column shifts, to which
         * Sinkhorn is blind, towards 0 while the norm penalty pulls them towards −log d.
         */
        public Builder regularizeRepresentations(boolean regularizeRepresentations) {
            this.regularizeRepresentations = regularizeRepresentations;
            return this;
        }

        /** Whether the layer has one bias per output channel (default true). */
        public Builder hasBias(boolean hasBias) {
            this.hasBias = hasBias;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public WeightSharingDense build() {
            return new WeightSharingDense(this);
        }
    }
}
