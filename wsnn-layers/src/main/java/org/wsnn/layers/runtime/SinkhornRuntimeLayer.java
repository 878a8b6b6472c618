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
import org.wsnn.core.sinkhorn.SinkhornTrace;
import org.wsnn.layers.SinkhornLayer;

/**
 * Runtime of {@link SinkhornLayer}: y = Sinkhorn(x / τ) per example of {@code [B, n, n]}, through
 * {@link SinkhornTrace} (the same code as the weight-sharing layers' stacks); backward
 * ∂L/∂x = trace.backward(∂L/∂y) / τ. The trace of the last training forward pass is kept for the backward
 * pass; at inference nothing is kept.
 */
public class SinkhornRuntimeLayer extends NoParamRuntimeLayer<SinkhornLayer> {

    private SinkhornTrace trace;

    public SinkhornRuntimeLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private SinkhornTrace forward(INDArray x) {
        SinkhornLayer conf = layerConf();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray logits = conf.getTemperature() == 1.0 ? x : x.div(conf.getTemperature());
            return SinkhornTrace.forward(logits, conf.getIterations());
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = input.castTo(dataType);
        layerConf().validateInput(x);
        SinkhornTrace t = forward(x);
        trace = training ? t : null;
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        return out.assign(t.output());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        SinkhornTrace t = trace != null ? trace : forward(input.castTo(dataType));
        INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray g = t.backward(epsilon.castTo(dataType));
            gradIn.assign(layerConf().getTemperature() == 1.0 ? g : g.div(layerConf().getTemperature()));
        }
        trace = null;
        return new Pair<>(new DefaultGradient(), backpropDropOutIfPresent(gradIn));
    }
}
