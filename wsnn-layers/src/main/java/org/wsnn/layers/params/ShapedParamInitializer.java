package org.wsnn.layers.params;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DL4J's {@link ParamInitializer} for every wsnn layer with parameters ({@link ShapedParameters}): the
 * layer's slice of the network's flat parameter (and gradient) array is cut, in the order of
 * {@link ShapedParameters#parameterShapes()}, into C-ordered views of the declared shapes, and freshly
 * created parameters are initialised by the layer. The layout is the one the earlier SameDiff-based
 * layers had (same keys, order and element order), so saved models load unchanged.
 */
public final class ShapedParamInitializer implements ParamInitializer {

    /** The initializer (stateless). */
    public static final ShapedParamInitializer INSTANCE = new ShapedParamInitializer();

    private ShapedParamInitializer() {
    }

    private static ShapedParameters shaped(Layer layer) {
        if (!(layer instanceof ShapedParameters s)) {
            throw new IllegalArgumentException("ShapedParamInitializer: layer " + layer.getLayerName() + " of class "
                    + layer.getClass().getSimpleName() + " does not declare its parameter shapes");
        }
        return s;
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long n = 0;
        for (long[] shape : shaped(layer).parameterShapes().values()) {
            n = Math.addExact(n, length(shape));
        }
        return n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return Collections.unmodifiableList(new ArrayList<>(shaped(layer).parameterKeys()));
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        ShapedParameters s = shaped(layer);
        return s.parameterKeys().stream().filter(s::isWeightParameter).toList();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        ShapedParameters s = shaped(layer);
        return s.parameterKeys().stream().filter(s::isBiasParameter).toList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        ShapedParameters s = shaped(layer);
        return s.parameterKeys().contains(key) && s.isWeightParameter(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        ShapedParameters s = shaped(layer);
        return s.parameterKeys().contains(key) && s.isBiasParameter(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        ShapedParameters s = shaped(conf.getLayer());
        Map<String, INDArray> params = views(s, paramsView, conf.getLayer());
        if (initializeParams) {
            s.initializeParameters(params);
        }
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(shaped(conf.getLayer()), gradientView, conf.getLayer());
    }

    private Map<String, INDArray> views(ShapedParameters s, INDArray flat, Layer layer) {
        long expected = numParams(layer);
        if (flat.length() != expected) {
            throw new IllegalArgumentException(layer.getClass().getSimpleName() + " '" + layer.getLayerName()
                    + "': parameter view expected " + expected + " values, found " + flat.length());
        }
        INDArray row = flat.reshape('c', 1, flat.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        long start = 0;
        for (Map.Entry<String, long[]> e : s.parameterShapes().entrySet()) {
            long n = length(e.getValue());
            out.put(e.getKey(), row.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(start, start + n))
                    .reshape('c', e.getValue()));
            start += n;
        }
        return out;
    }
}
