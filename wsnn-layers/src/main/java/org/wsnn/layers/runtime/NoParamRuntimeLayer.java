package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the runtimes of wsnn layers without parameters ({@code GroupLayerNorm}, {@code GroupPooling},
 * {@code SinkhornLayer}): what DL4J asks of any layer and has no content here — no parameters, no weight
 * noise, no regularization, not a pretrain layer.
 *
 * @param <T> the layer configuration
 */
public abstract class NoParamRuntimeLayer<T extends org.deeplearning4j.nn.conf.layers.Layer> extends AbstractLayer<T> {

    protected NoParamRuntimeLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
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
