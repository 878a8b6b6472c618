package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.wsnn.layers.GroupPooling;

/**
 * Runtime of {@link GroupPooling} on ND4J arrays. AVG: y = mean_g x, ∂L/∂x_g = ∂L/∂y / G. MAX:
 * y = max_g x, ∂L/∂x_g = ∂L/∂y where g is the first position of the maximum, 0 elsewhere.
 */
public class GroupPoolingLayer extends NoParamRuntimeLayer<GroupPooling> {

    public GroupPoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        layerConf().validateInput(input);
        long[] s = input.shape();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                new long[]{s[0], s[1], s[3], s[4]}, 'c');
        INDArray pooled = layerConf().getPoolingType() == PoolingType.MAX ? input.max(2) : input.mean(2);
        return out.assign(pooled);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        long[] s = input.shape();
        long groups = s[2];
        INDArray gradIn = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, input.dataType(), s, 'c');
        if (layerConf().getPoolingType() == PoolingType.MAX) {
            INDArray argMax = input.argMax(2);
            for (long g = 0; g < groups; g++) {
                INDArray mask = argMax.eq(g).castTo(input.dataType());
                slice(gradIn, g).assign(epsilon.mul(mask));
            }
        } else {
            INDArray share = epsilon.div(groups);
            for (long g = 0; g < groups; g++) {
                slice(gradIn, g).assign(share);
            }
        }
        return new Pair<>(new DefaultGradient(), gradIn);
    }

    private static INDArray slice(INDArray x, long g) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(g), NDArrayIndex.all(), NDArrayIndex.all());
    }
}
