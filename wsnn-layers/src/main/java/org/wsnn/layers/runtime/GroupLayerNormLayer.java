package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.layers.GroupLayerNorm;

import java.util.Arrays;

/**
 * Runtime of {@link GroupLayerNorm}: forward and backward fused per example by {@link RowLayerNorm} over a
 * {@code [B, N]} view of the input (formulas in {@link GroupLayerNorm}). A training forward pass keeps ŷ and
 * 1/σ (ŷ outside workspaces, its buffer reused between iterations) for the backward pass that follows it;
 * otherwise backprop recomputes them from the input.
 */
public class GroupLayerNormLayer extends NoParamRuntimeLayer<GroupLayerNorm> {

    public GroupLayerNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** ŷ of the last training forward pass ({@code [B, N]}, outside workspaces), reused by backprop. */
    private INDArray normalised;
    /** 1/sqrt(σ² + ε) per example of that pass. */
    private double[] inverseStd;
    /** The input those were computed from. */
    private INDArray normalisedInput;

    /** The input as a dense {@code [B, N]} matrix. */
    private INDArray inputRows() {
        long batch = input.size(0);
        return dense(input).reshape('c', batch, input.length() / batch);
    }

    private static INDArray dense(INDArray a) {
        return NativeArrays.isDense(a) ? a : a.dup('c');
    }

    private void checkRank() {
        if (input.rank() < 2) {
            throw new IllegalArgumentException("GroupLayerNorm" + (layerConf().getLayerName() == null ? ""
                    : " '" + layerConf().getLayerName() + "'") + ": input rank expected >= 2, found shape "
                    + Arrays.toString(input.shape()));
        }
    }

    /** Normalises the input into {@code out2d}, keeping ŷ and 1/σ outside workspaces for the backward pass. */
    private void normaliseForBackprop(INDArray out2d) {
        INDArray x = inputRows();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (normalised == null || !Arrays.equals(normalised.shape(), x.shape()) || normalised.dataType() != x.dataType()) {
                normalised = Nd4j.createUninitialized(x.dataType(), x.shape());
            }
        }
        inverseStd = RowLayerNorm.forward(x, normalised, out2d, layerConf().getEpsilon(), layerConf().isRelu());
        normalisedInput = input;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        checkRank();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        INDArray out2d = out.reshape('c', input.size(0), input.length() / input.size(0));
        if (training) {
            normaliseForBackprop(out2d);
        } else {
            RowLayerNorm.forward(inputRows(), null, out2d, layerConf().getEpsilon(), layerConf().isRelu());
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        checkRank();
        if (normalised == null || normalisedInput != input) {
            INDArray scratch = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(),
                    input.size(0), input.length() / input.size(0));
            normaliseForBackprop(scratch);
        }
        INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        INDArray gradRows = gradIn.reshape('c', normalised.shape());
        INDArray epsilonRows = dense(epsilon).reshape('c', normalised.shape());
        RowLayerNorm.backward(epsilonRows, normalised, inverseStd, layerConf().isRelu(), gradRows);
        return new Pair<>(new DefaultGradient(), gradIn);
    }
}
