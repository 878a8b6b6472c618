package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.wsnn.layers.GroupLayerNorm;

import java.util.Arrays;

/**
 * Runtime of {@link GroupLayerNorm}: forward and backward written on ND4J arrays over a {@code [B, N]} view
 * of the input (formulas in {@link GroupLayerNorm}). A training forward pass keeps ŷ and 1/σ (outside
 * workspaces, buffer reused between iterations) for the backward pass that follows it; otherwise backprop
 * recomputes them from the input.
 */
public class GroupLayerNormLayer extends AbstractLayer<GroupLayerNorm> {

    public GroupLayerNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** ŷ of the last training forward pass ({@code [B, N]}, outside workspaces), reused by backprop. */
    private INDArray normalised;
    /** 1/sqrt(σ² + ε) per example ({@code [B, 1]}) of that pass. */
    private INDArray inverseStd;
    /** The input those were computed from. */
    private INDArray normalisedInput;

    /** Computes ŷ into {@code target} ({@code [B, N]}) and returns 1/sqrt(σ² + ε) ({@code [B, 1]}). */
    private INDArray normalise(INDArray target) {
        long batch = input.size(0);
        INDArray x = input.reshape('c', batch, input.length() / batch);
        target.assign(x).subiColumnVector(x.mean(true, 1));
        INDArray norm = target.norm2(true, 1);
        INDArray inverse = Transforms.pow(norm.muli(norm).divi(x.size(1)).addi(layerConf().getEpsilon()), -0.5, false);
        target.muliColumnVector(inverse);
        return inverse;
    }

    private void checkRank() {
        if (input.rank() < 2) {
            throw new IllegalArgumentException("GroupLayerNorm" + (layerConf().getLayerName() == null ? ""
                    : " '" + layerConf().getLayerName() + "'") + ": input rank expected >= 2, found shape "
                    + Arrays.toString(input.shape()));
        }
    }

    /** ŷ for the current input, kept outside workspaces for the backward pass. */
    private void normaliseForBackprop() {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            long batch = input.size(0);
            long[] shape = {batch, input.length() / batch};
            if (normalised == null || !Arrays.equals(normalised.shape(), shape) || normalised.dataType() != input.dataType()) {
                normalised = Nd4j.createUninitialized(input.dataType(), shape);
            }
            inverseStd = normalise(normalised);
            normalisedInput = input;
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        checkRank();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        INDArray out2d = out.reshape('c', input.size(0), input.length() / input.size(0));
        if (training) {
            normaliseForBackprop();
            out2d.assign(normalised);
        } else {
            normalise(out2d);
        }
        if (layerConf().isRelu()) {
            Transforms.relu(out2d, false);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        checkRank();
        if (normalised == null || normalisedInput != input) {
            normaliseForBackprop();
        }
        INDArray yHat = normalised;
        INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        INDArray g = gradIn.reshape('c', yHat.shape()).assign(epsilon.reshape('c', yHat.shape()));
        if (layerConf().isRelu()) {
            Nd4j.exec(new ThresholdReluBp(yHat, g, g, 0.0));
        }
        INDArray projection = g.mul(yHat).mean(true, 1);
        g.subiColumnVector(g.mean(true, 1)).subi(yHat.muliColumnVector(projection)).muliColumnVector(inverseStd);
        normalisedInput = null; // ŷ was overwritten above
        return new Pair<>(new DefaultGradient(), gradIn);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no parameters
    }

    @Override
    public INDArray params() {
        return null;
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return 0;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }
}
