package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.layers.runtime.CorrectedSameDiffLayer;

import java.util.Collection;
import java.util.Map;

/**
 * Base of every wsnn layer configuration: a DL4J {@link SameDiffLayer} whose runtime is
 * {@link CorrectedSameDiffLayer} (gradients of correct size, regularization in the score, input validated
 * before native code sees it).
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public abstract class WsnnSameDiffLayer extends SameDiffLayer {

    protected WsnnSameDiffLayer(Builder<?> builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        CorrectedSameDiffLayer layer = runtime(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setListeners(trainingListeners);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }

    /**
     * The runtime layer {@link #instantiate} wires up (index, listeners, parameter views, configuration):
     * {@link CorrectedSameDiffLayer} here; layers with a native runtime return their own subclass.
     */
    protected CorrectedSameDiffLayer runtime(NeuralNetConfiguration conf, DataType networkDataType) {
        return new CorrectedSameDiffLayer(conf, networkDataType);
    }

    /** Name used in error messages: the layer name when set, else the class name. */
    protected String describe() {
        String name = getLayerName();
        return getClass().getSimpleName() + (name == null ? "" : " '" + name + "'");
    }
}
