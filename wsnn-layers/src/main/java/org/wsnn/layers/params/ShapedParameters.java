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

    /**
     * The parameter keys, in layout order, known without the input shapes (DL4J asks for them when a
     * layer is built, e.g. to attach constraints, before nIn is inferred).
     */
    java.util.List<String> parameterKeys();

    /** Whether a key is a bias (DL4J then uses the bias updater, bias regularization, bias init, bias constraints). */
    boolean isBiasParameter(String key);

    /**
     * Whether a key is a weight (DL4J then uses the weight regularization, weight noise, weight
     * constraints). A parameter can be neither: the representation logits {@code "R"} have their own
     * updater and penalties and take no weight noise or weight constraint.
     */
    boolean isWeightParameter(String key);

    /**
     * Initialises freshly created parameters in place.
     *
     * @param params views into the flat parameter array, shaped as {@link #parameterShapes()} says
     */
    void initializeParameters(Map<String, INDArray> params);
}
