package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * What every layer configuration's {@code instantiate} does with its new runtime layer, as DL4J's own
 * layers do it: listeners, index, the view of the network's flat parameters, the parameter table (freshly
 * initialised or not) and the configuration.
 */
public final class RuntimeWiring {

    private RuntimeWiring() {
    }

    /**
     * Wires a new runtime layer.
     *
     * @return {@code layer}
     */
    public static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                           int layerIndex, INDArray paramsView, boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(conf.getLayer().initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
