package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.wsnn.core.SinkhornTrace;
import org.wsnn.layers.WeightSharingDense;

/**
 * Runtime of {@link WeightSharingDense}: y = x·Kᵀ + b with the weight vectors K [nOut·G, d] built once
 * per forward pass from the base vectors and the stack,
 * <pre>
 *   R = (I, Sinkhorn(Θ))  (SinkhornTrace, the same fast path as the convolutions)
 *   K[o·G + g, n] = Σ_m R[g, n, m] W[o, m]        K = W · S,  S[m, g·d + n] = R[g, n, m]
 * </pre>
 * and the backward pass written out: ∂L/∂K = εᵀ x, ∂L/∂x = ε K, ∂L/∂W = ∂L/∂K' · Sᵀ and
 * ∂L/∂S = Wᵀ · ∂L/∂K' (K' = K as [nOut, G·d]), then through the Sinkhorn trace to ∂L/∂Θ; ∂L/∂b sums ε
 * over the batch and the group. Not a SameDiff graph (which ran the 20 Sinkhorn iterations as ~200
 * SameDiff ops per step, forward and again in backward); the bookkeeping and the regularization score
 * come from {@link CorrectedSameDiffLayer}, without its gradient correction.
 */
public class WeightSharingDenseLayer extends CorrectedSameDiffLayer {

    /** The trace of the last training forward pass (null at inference). */
    private SinkhornTrace trace;
    private INDArray stack;
    private INDArray kernel;

    public WeightSharingDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private WeightSharingDense denseConf() {
        return (WeightSharingDense) layerConf();
    }

    /** Builds R and K from the current parameters (in the input's type). */
    private void build(DataType type, boolean keepTrace) {
        WeightSharingDense conf = denseConf();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray logits = paramTable.get(WeightSharingDense.REPRESENTATION_KEY);
            SinkhornTrace t = logits == null ? null : SinkhornTrace.forward(logits, conf.getSinkhornIterations());
            stack = conf.assembleStack(t == null ? null : t.output(), type);
            kernel = conf.materializeWeights(paramTable.get(WeightSharingDense.WEIGHT_KEY).castTo(type), stack);
            trace = keepTrace ? t : null;
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        WeightSharingDense conf = denseConf();
        conf.validateInput(input);
        DataType type = input.dataType();
        build(type, training);
        long nOut = conf.getNOut();
        int g = conf.getGroupSize();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, type, new long[]{input.size(0), nOut * g}, 'c');
        input.mmuli(kernel.transpose(), out);
        if (conf.isHasBias()) {
            // one bias per output channel, repeated over its G outputs: row vector [1, nOut·G]
            INDArray b = paramTable.get(WeightSharingDense.BIAS_KEY).castTo(type).reshape(nOut, 1)
                    .mmul(Nd4j.ones(type, 1, g)).reshape(1, nOut * g);
            out.addiRowVector(b);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        WeightSharingDense conf = denseConf();
        DataType type = input.dataType();
        if (kernel == null || (trace == null && conf.hasLearnedRepresentations())) {
            build(type, true);
        }
        long nOut = conf.getNOut();
        int g = conf.getGroupSize();
        int d = conf.tapDimension();
        INDArray eps = epsilon.castTo(type);
        INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, type, input.shape(), 'c');
        eps.mmuli(kernel, gradIn);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray gradKernel = eps.transpose().mmul(input).reshape('c', nOut, (long) g * d);   // [nOut, G·d]
            INDArray s = stack.permute(2, 0, 1).dup('c').reshape(d, (long) g * d);               // S[m, g·d + n]
            gradTable.get(WeightSharingDense.WEIGHT_KEY).assign(gradKernel.mmul(s.transpose()));
            if (conf.hasLearnedRepresentations()) {
                INDArray weights = paramTable.get(WeightSharingDense.WEIGHT_KEY).castTo(type);
                // ∂L/∂S[m, (g, n)] → ∂L/∂R[g, n, m]
                INDArray gradStack = weights.transpose().mmul(gradKernel).reshape('c', d, g, d).permute(1, 2, 0);
                long first = conf.isFixIdentity() ? 1 : 0;
                INDArray learned = gradStack.get(NDArrayIndex.interval(first, g), NDArrayIndex.all(), NDArrayIndex.all())
                        .dup('c');
                gradTable.get(WeightSharingDense.REPRESENTATION_KEY).assign(trace.backward(learned));
            }
            if (conf.isHasBias()) {
                gradTable.get(WeightSharingDense.BIAS_KEY)
                        .assign(eps.reshape('c', eps.size(0), nOut, g).sum(0, 2).reshape(1, nOut));
            }
        }
        Gradient gradient = new DefaultGradient();
        for (String key : paramTable.keySet()) {
            gradient.gradientForVariable().put(key, gradTable.get(key));
        }
        trace = null;
        return new Pair<>(gradient, gradIn);
    }
}
