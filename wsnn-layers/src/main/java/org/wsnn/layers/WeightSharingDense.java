package org.wsnn.layers;

import org.wsnn.layers.runtime.WeightSharingDenseLayer;
import lombok.Data;
import lombok.EqualsAndHashCode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;
import org.wsnn.core.Checks;

import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * As {@link WeightSharingConvolution}: one {@link RepresentationStack} (flat in the JSON); {@code "R"}
 * can have its own updater; the norm and entropy penalties are {@link Regularization}s on {@code "R"}
 * ({@link org.wsnn.layers.penalty.NormPenalty}, {@link org.wsnn.layers.penalty.EntropyPenalty}), counted in
 * the score by DL4J's regularization score; {@code "W"} and {@code "b"} follow DL4J's rules for weights and
 * biases. The dense layer has no fixed-group option (a fixed stack is a fixed permutation of the signal).
 *
 * <pre>{@code
 * new WeightSharingDense.Builder().nIn(12).nOut(16).groupSize(12).normPenalty(0.1).entropyPenalty(0.003).build()
 * }</pre>
 */
@Data
@EqualsAndHashCode(callSuper = true)
public class WeightSharingDense extends WsnnBaseLayer {

    /** Parameter key of the representation logits. */
    public static final String REPRESENTATION_KEY = WeightSharingConvolution.REPRESENTATION_KEY;

    protected int groupSize;
    protected boolean hasBias = true;
    /** The representation stack's options; its fields are this layer's in the JSON. */
    @JsonUnwrapped
    protected RepresentationStack representation = new RepresentationStack();

    /** For JSON. */
    protected WeightSharingDense() {
    }

    protected WeightSharingDense(Builder b) {
        super(b);
        this.groupSize = b.groupSize;
        this.hasBias = b.hasBias;
        this.representation = b.representation.clone();
        validate();
        initializeConstraints(b);   // now that the parameter keys are known
    }

    private void validate() {
        String me = describe();
        if (nIn < 0) {
            throw new IllegalArgumentException(me + ": nIn (signal length d) must be positive (or 0 to take it from"
                    + " the input type), found " + nIn);
        }
        Checks.positive(me, "nOut", nOut);
        Checks.positive(me, "groupSize", groupSize);
        representation.validate(me, groupSize);
        if (representation.hasFixedStack()) {
            throw new IllegalArgumentException(me + ": fixedGroup / fixedPermutations expected none for the dense "
                    + "layer, found " + (representation.getFixedPermutations() != null ? "fixedPermutations"
                    : "fixedGroup " + representation.getFixedGroup()));
        }
    }

    @Override
    public WeightSharingDense clone() {
        WeightSharingDense c = (WeightSharingDense) super.clone();
        c.representation = representation.clone();
        return c;
    }

    /** Side d of each representation matrix: the signal length {@code nIn}. */
    public int tapDimension() {
        return (int) nIn;
    }

    /** Number G' of learned stack elements: G − 1 with the fixed identity, else G. */
    public int learnedElements() {
        return representation.learnedElements(groupSize);
    }

    /** True when the layer has learnable representation logits {@code "R"}. */
    public boolean hasLearnedRepresentations() {
        return representation.hasLearnedRepresentations(groupSize);
    }

    // ---------------------------------------------------------------- parameters

    @Override
    protected WeightSharingDenseLayer runtime(NeuralNetConfiguration conf, DataType networkDataType) {
        return new org.wsnn.layers.runtime.WeightSharingDense(conf, networkDataType);
    }

    /** {@code "W"} {@code [nOut, d]}, then {@code "R"} when learned, then {@code "b"}. */
    @Override
    public LinkedHashMap<String, long[]> parameterShapes() {
        if (nIn <= 0) {
            throw new IllegalStateException(describe() + ": nIn is not set: give nIn(...) or set the network's input type");
        }
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(WEIGHT_KEY, new long[]{nOut, nIn});
        if (hasLearnedRepresentations()) {
            shapes.put(REPRESENTATION_KEY, new long[]{learnedElements(), nIn, nIn});
        }
        if (hasBias) {
            shapes.put(BIAS_KEY, new long[]{1, nOut});
        }
        return shapes;
    }

    @Override
    public List<String> parameterKeys() {
        List<String> keys = new java.util.ArrayList<>(List.of(WEIGHT_KEY));
        if (hasLearnedRepresentations()) {
            keys.add(REPRESENTATION_KEY);
        }
        if (hasBias) {
            keys.add(BIAS_KEY);
        }
        return keys;
    }

    /**
     * W with the layer's weight init (default PyTorch's {@code Linear} U(−1/√d, 1/√d)); logits
     * Θ ~ U[0, 1) as in the paper; bias with DL4J's bias init (0). Drawn in this order from ND4J's random
     * generator, which DL4J seeds from the network configuration's seed.
     */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get(WEIGHT_KEY);
        weightInitFn.init(nIn, (double) nOut * groupSize, w.shape(), 'c', w);
        if (params.containsKey(REPRESENTATION_KEY)) {
            INDArray r = params.get(REPRESENTATION_KEY);
            r.assign(Nd4j.rand(r.dataType(), r.shape()));
        }
        if (hasBias) {
            params.get(BIAS_KEY).assign(Double.isNaN(biasInit) ? 0 : biasInit);
        }
    }

    /**
     * Memory for DL4J's memory report: parameters and updater state; working memory the materialised
     * weights K [nOut·G, d] (and in training the stack, its Sinkhorn trace and the gradients).
     */
    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType output = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        long updaterState = updaterStateSize();
        long d = nIn;
        long kernel = nOut * groupSize * d;
        long stack = (long) groupSize * d * d;
        long trace = (long) learnedElements() * d * d * 2L * representation.getSinkhornIterations();
        return new LayerMemoryReport.Builder(getLayerName(), getClass(), inputType, output)
                .standardMemory(params, updaterState)
                .workingMemory(kernel + stack, 0, 2 * (kernel + stack) + trace, inputType.arrayElementsPerExample()
                        + (getIDropout() != null ? inputType.arrayElementsPerExample() : 0))
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /**
     * The full stack {@code [G, d, d]} from its learned part: (I, learned…) with the fixed identity, or the
     * learned elements alone.
     *
     * @param learned Sinkhorn outputs {@code [G', d, d]}, or null when the layer learns nothing
     */
    public INDArray assembleStack(INDArray learned, DataType type) {
        return representation.withIdentity(learned, tapDimension(), type);
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
        INDArray learned = logits == null ? null : representation.normalize(logits, learnedElements(), d, type);
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

    /** Checks an input array: rank 2 and the signal length d. */
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

    /** Builder of {@link WeightSharingDense}; {@link #build()} validates every option. */
    public static class Builder extends WsnnBaseLayer.Builder<Builder> implements RepresentationOptions<Builder> {
        protected int groupSize;
        protected boolean hasBias = true;
        protected final RepresentationStack representation = new RepresentationStack();

        @Override
        public RepresentationStack representation() {
            return representation;
        }

        /** Size G of the stack (group axis of the output). */
        public Builder groupSize(int groupSize) {
            this.groupSize = groupSize;
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
