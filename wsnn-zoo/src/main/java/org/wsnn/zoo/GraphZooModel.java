package org.wsnn.zoo;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.ModelMetaData;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.ZooType;

/**
 * What every wsnn zoo model shares: a {@link ComputationGraph} built from {@link #conf()}, one image
 * input of shape {@link #getInputShape()} ({channels, height, width}), and no pretrained weights unless a
 * subclass overrides {@link #pretrainedUrl} and {@link #pretrainedChecksum}.
 *
 * @param <T> the concrete model
 */
public abstract class GraphZooModel<T> extends ZooModel<T> {

    /** The graph configuration of this model. */
    public abstract ComputationGraphConfiguration conf();

    /** Input shape {channels, height, width}. */
    public abstract int[] getInputShape();

    @Override
    public ComputationGraph init() {
        ComputationGraph net = new ComputationGraph(conf());
        net.init();
        return net;
    }

    @Override
    public String pretrainedUrl(PretrainedType pretrainedType) {
        return null;
    }

    @Override
    public long pretrainedChecksum(PretrainedType pretrainedType) {
        return 0L;
    }

    @Override
    public Class<? extends Model> modelType() {
        return ComputationGraph.class;
    }

    @Override
    public ModelMetaData metaData() {
        return new ModelMetaData(new int[][]{getInputShape()}, 1, ZooType.CNN);
    }
}
