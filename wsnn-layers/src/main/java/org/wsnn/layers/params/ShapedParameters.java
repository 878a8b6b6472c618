package org.wsnn.layers.params;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A layer configuration that declares its parameters by shape, for {@link ShapedParamInitializer}.
 */
public interface ShapedParameters {

    /** Parameter keys and shapes, in the order of the layer's slice of the flat parameter array. */
    LinkedHashMap<String, long[]> parameterShapes();

    /** Whether a key is a bias (DL4J then uses the bias updater, bias regularization and bias init). */
    boolean isBiasParameter(String key);

    /**
     * Initialises freshly created parameters in place.
     *
     * @param params views into the flat parameter array, shaped as {@link #parameterShapes()} says
     */
    void initializeParameters(Map<String, INDArray> params);
}
