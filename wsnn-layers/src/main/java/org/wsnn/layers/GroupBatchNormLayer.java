package org.wsnn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * Runtime of {@link GroupBatchNorm}: works on a {@code [C, M]} copy of the input (channel axis first). A
 * training forward pass keeps x̂ and 1/σ (outside workspaces) for the backward pass that follows it.
 */
public class GroupBatchNormLayer extends BaseLayer<GroupBatchNorm> {

    private INDArray normalised;
    private INDArray inverseStd;
    private INDArray normalisedInput;

    public GroupBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private static int[] swapFirstTwo(int rank) {
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[0] = 1;
        perm[1] = 0;
        return perm;
    }

    /** {@code [C, M]} copy with the channel axis first. */
    private static INDArray rows(INDArray x) {
        long channels = x.size(1);
        return x.permute(swapFirstTwo(x.rank())).dup('c').reshape('c', channels, x.length() / channels);
    }

    /** Writes {@code [C, M]} rows back into {@code target} of the input's shape. */
    private static void unrows(INDArray rows, INDArray target) {
        long[] shape = target.shape().clone();
        long t = shape[0];
        shape[0] = shape[1];
        shape[1] = t;
        target.assign(rows.reshape('c', shape).permute(swapFirstTwo(shape.length)));
    }

    private void checkInput() {
        long channels = layerConf().getNChannels();
        if (input.rank() < 2 || input.size(1) != channels) {
            throw new IllegalArgumentException("GroupBatchNorm" + (layerConf().getLayerName() == null ? ""
                    : " '" + layerConf().getLayerName() + "'") + ": input expected [B, " + channels
                    + ", ...], found shape " + Arrays.toString(input.shape()));
        }
    }

    /** Batch statistics of the current input: x̂ and 1/σ kept for backprop; optionally updates the running ones. */
    private void normaliseWithBatchStatistics(boolean updateRunning) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = rows(input);
            INDArray mean = x.mean(true, 1);
            x.subiColumnVector(mean);
            INDArray var = x.mul(x).mean(true, 1);
            inverseStd = Transforms.pow(var.add(layerConf().getEpsilon()), -0.5, false);
            normalised = x.muliColumnVector(inverseStd);
            normalisedInput = input;
            if (updateRunning) {
                GroupBatchNorm c = layerConf();
                double m = c.getMomentum();
                long n = x.size(1);
                double unbias = n > 1 ? (double) n / (n - 1) : 1.0;
                double[] rm = c.getRunningMean();
                double[] rv = c.getRunningVar();
                for (int i = 0; i < rm.length; i++) {
                    rm[i] = (1 - m) * rm[i] + m * mean.getDouble(i, 0);
                    rv[i] = (1 - m) * rv[i] + m * var.getDouble(i, 0) * unbias;
                }
            }
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        checkInput();
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray y;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray xHat;
            if (training) {
                normaliseWithBatchStatistics(true);
                xHat = normalised.dup();
            } else {
                GroupBatchNorm c = layerConf();
                INDArray mean = Nd4j.createFromArray(c.getRunningMean()).castTo(input.dataType()).reshape(-1, 1);
                INDArray var = Nd4j.createFromArray(c.getRunningVar()).castTo(input.dataType()).reshape(-1, 1);
                xHat = rows(input).subiColumnVector(mean)
                        .muliColumnVector(Transforms.pow(var.addi(c.getEpsilon()), -0.5, false));
            }
            y = xHat.muliColumnVector(getParam(GroupBatchNorm.GAMMA).reshape(-1, 1))
                    .addiColumnVector(getParam(GroupBatchNorm.BETA).reshape(-1, 1));
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        unrows(y, out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        checkInput();
        if (normalised == null || normalisedInput != input) {
            normaliseWithBatchStatistics(false);
        }
        INDArray dx;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray g = rows(epsilon);
            INDArray gxHat = g.mul(normalised);
            gradientViews.get(GroupBatchNorm.GAMMA).assign(gxHat.sum(true, 1).reshape(1, -1));
            gradientViews.get(GroupBatchNorm.BETA).assign(g.sum(true, 1).reshape(1, -1));
            INDArray projection = gxHat.mean(true, 1);
            INDArray scale = inverseStd.mul(getParam(GroupBatchNorm.GAMMA).reshape(-1, 1));
            dx = g.subiColumnVector(g.mean(true, 1)).subi(normalised.mulColumnVector(projection))
                    .muliColumnVector(scale);
        }
        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.setGradientFor(GroupBatchNorm.GAMMA, gradientViews.get(GroupBatchNorm.GAMMA));
        gradient.setGradientFor(GroupBatchNorm.BETA, gradientViews.get(GroupBatchNorm.BETA));
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        unrows(dx, epsOut);
        return new Pair<>(gradient, epsOut);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.NORMALIZATION;
    }
}
