package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.wsnn.core.sinkhorn.SinkhornTrace;
import org.wsnn.layers.WeightSharingDense;

/**
 * Runtime of {@link WeightSharingDense}, a DL4J {@link BaseLayer}: y = act(x·Kᵀ + b) with the weight
 * vectors K [nOut·G, d] built once per forward pass from the base vectors and the stack,
 * <pre>
 *   R = (I, Sinkhorn(Θ))  (SinkhornTrace, the same fast path as the convolutions)
 *   K[o·G + g, n] = Σ_m R[g, n, m] W[o, m]        K = W · S,  S[m, g·d + n] = R[g, n, m]
 * </pre>
 * and the backward pass written out: ∂L/∂K = εᵀ x, ∂L/∂x = ε K, ∂L/∂W = ∂L/∂K' · Sᵀ and
 * ∂L/∂S = Wᵀ · ∂L/∂K' (K' = K as [nOut, G·d]), then through the Sinkhorn trace to ∂L/∂Θ; ∂L/∂b sums ε
 * over the batch and the group. DL4J's conventions as in its {@code DenseLayer}: input cast to the layer's
 * type, dropout on the input in training, weight noise on {@code "W"} and {@code "b"}, the activation
 * function, the regularization score from {@link BaseLayer#calcRegularizationScore}.
 */
public class WeightSharingDenseLayer extends BaseLayer<WeightSharingDense> {

    /** The trace of the last training forward pass (null at inference). */
    private SinkhornTrace trace;
    private INDArray stack;
    private INDArray kernel;
    private INDArray weights;
    private INDArray bias;

    public WeightSharingDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    /** Builds R and K from the current parameters (weight noise applied in training). */
    private void build(boolean training, LayerWorkspaceMgr workspaceMgr) {
        WeightSharingDense conf = layerConf();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray logits = params.get(WeightSharingDense.REPRESENTATION_KEY);
            SinkhornTrace t = logits == null ? null
                    : SinkhornTrace.forward(logits, conf.getRepresentation().getSinkhornIterations());
            stack = conf.assembleStack(t == null ? null : t.output(), dataType);
            weights = getParamWithNoise(WeightSharingDense.WEIGHT_KEY, training, workspaceMgr).castTo(dataType);
            bias = conf.isHasBias() ? getParamWithNoise(WeightSharingDense.BIAS_KEY, training, workspaceMgr)
                    .castTo(dataType) : null;
            kernel = conf.materializeWeights(weights, stack);
            trace = training ? t : null;
        }
    }

    /** z = x·Kᵀ + b into {@code z} [B, nOut·G]. */
    private INDArray preOutput(INDArray x, INDArray z) {
        WeightSharingDense conf = layerConf();
        long nOut = conf.getNOut();
        int g = conf.getGroupSize();
        x.mmuli(kernel.transpose(), z);
        if (bias != null) {
            // one bias per output channel, repeated over its G outputs: row vector [1, nOut·G]
            z.addiRowVector(bias.reshape(nOut, 1).mmul(Nd4j.ones(dataType, 1, g)).reshape(1, nOut * g));
        }
        return z;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = input.castTo(dataType);   // the same array when the type already agrees
        layerConf().validateInput(x);
        build(training, workspaceMgr);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{x.size(0), layerConf().getNOut() * layerConf().getGroupSize()}, 'c');
        preOutput(x, out);
        return layerConf().getActivationFn().getActivation(out, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        WeightSharingDense conf = layerConf();
        if (kernel == null || (trace == null && conf.hasLearnedRepresentations())) {
            build(true, workspaceMgr);
        }
        INDArray x = input.castTo(dataType);   // the same array when the type already agrees
        long nOut = conf.getNOut();
        int g = conf.getGroupSize();
        int d = conf.tapDimension();
        INDArray eps = epsilon.castTo(dataType);
        if (!(conf.getActivationFn() instanceof ActivationIdentity)) {
            INDArray z = preOutput(x, Nd4j.createUninitialized(dataType, x.size(0), nOut * g));
            eps = conf.getActivationFn().backprop(z, eps.dup()).getFirst();
        }
        INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        eps.mmuli(kernel, gradIn);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray gradKernel = eps.transpose().mmul(x).reshape('c', nOut, (long) g * d);   // [nOut, G·d]
            INDArray s = stack.permute(2, 0, 1).dup('c').reshape(d, (long) g * d);           // S[m, g·d + n]
            gradientViews.get(WeightSharingDense.WEIGHT_KEY).assign(gradKernel.mmul(s.transpose()));
            if (conf.hasLearnedRepresentations()) {
                // ∂L/∂S[m, (g, n)] → ∂L/∂R[g, n, m]
                INDArray gradStack = weights.transpose().mmul(gradKernel).reshape('c', d, g, d).permute(1, 2, 0);
                long first = conf.getRepresentation().isFixIdentity() ? 1 : 0;
                INDArray learned = gradStack.get(NDArrayIndex.interval(first, g), NDArrayIndex.all(), NDArrayIndex.all())
                        .dup('c');
                gradientViews.get(WeightSharingDense.REPRESENTATION_KEY).assign(trace.backward(learned));
            }
            if (conf.isHasBias()) {
                gradientViews.get(WeightSharingDense.BIAS_KEY)
                        .assign(eps.reshape('c', eps.size(0), nOut, g).sum(0, 2).reshape(1, nOut));
            }
        }
        Gradient gradient = new DefaultGradient();
        for (String key : params.keySet()) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }
        trace = null;
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(gradIn));
    }

    @Override
    public void clearNoiseWeightParams() {
        weightNoiseParams.clear();
    }
}
