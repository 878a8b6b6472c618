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
import org.nd4j.linalg.ops.transforms.Transforms;
import org.wsnn.layers.GroupLayerNorm;

import java.util.Arrays;

/**
 * Runtime of {@link GroupLayerNorm}: forward and backward written on ND4J arrays over a {@code [B, N]} view
 * of the input (formulas in {@link GroupLayerNorm}). The normalised values are recomputed from the stored
 * input in backprop, so nothing is cached between passes.
 */
public class GroupLayerNormLayer extends AbstractLayer<GroupLayerNorm> {

    public GroupLayerNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** ŷ as {@code [B, N]} and 1/sqrt(σ² + ε) as {@code [B, 1]}. */
    private INDArray[] normalise() {
        if (input.rank() < 2) {
            throw new IllegalArgumentException("GroupLayerNorm" + (layerConf().getLayerName() == null ? ""
                    : " '" + layerConf().getLayerName() + "'") + ": input rank expected >= 2, found shape "
                    + Arrays.toString(input.shape()));
        }
        long batch = input.size(0);
        INDArray x = input.reshape('c', batch, input.length() / batch);
        INDArray centred = x.subColumnVector(x.mean(true, 1));
        INDArray variance = centred.mul(centred).mean(true, 1);
        INDArray inverseStd = Transforms.pow(variance.addi(layerConf().getEpsilon()), -0.5, false);
        return new INDArray[]{centred.muliColumnVector(inverseStd), inverseStd};
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray y = normalise()[0];
        if (layerConf().isRelu()) {
            Transforms.relu(y, false);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, y.dataType(), input.shape(), 'c');
        return out.assign(y.reshape('c', input.shape()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray[] norm = normalise();
        INDArray yHat = norm[0];
        INDArray g = epsilon.reshape('c', yHat.shape()).dup('c');
        if (layerConf().isRelu()) {
            g.muli(yHat.gt(0).castTo(g.dataType()));
        }
        INDArray projection = g.mul(yHat).mean(true, 1);
        INDArray dx = g.subiColumnVector(g.mean(true, 1)).subi(yHat.muliColumnVector(projection))
                .muliColumnVector(norm[1]);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dx.dataType(), input.shape(), 'c');
        return new Pair<>(new DefaultGradient(), out.assign(dx.reshape('c', input.shape())));
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
