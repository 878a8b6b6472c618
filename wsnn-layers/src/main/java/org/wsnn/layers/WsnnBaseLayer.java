package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.layers.runtime.RuntimeWiring;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.annotation.JsonSetter;

import java.util.Collection;
import org.wsnn.layers.params.ShapedParamInitializer;
import org.wsnn.layers.params.ShapedParameters;
import org.wsnn.layers.params.UniformFanInInit;

/**
 * Base of the wsnn layer configurations with parameters: a plain DL4J {@link FeedForwardLayer}, so DL4J's
 * whole layer machinery applies as it does to {@code ConvolutionLayer} — fine-tune configurations, weight
 * init, bias init, dropout ({@code IDropout}), weight noise, constraints, updater and bias updater,
 * l1 / l2 / weight decay, gradient normalization, memory reports, {@code summary()} with nIn and nOut.
 * Parameters are declared by shape ({@link ShapedParameters}) and laid out by
 * {@link ShapedParamInitializer}.
 *
 * <h2>Defaults</h2>
 * Activation identity and PyTorch's initialisation ({@link UniformFanInInit}), as in the paper's
 * networks. They are set on the layer itself, so DL4J's network-wide defaults (sigmoid, Xavier) do not
 * reach these layers: set {@code activation(...)} or {@code weightInit(...)} on the layer builder to change
 * them, and both are honoured.
 *
 * <h2>Data types</h2>
 * FLOAT and DOUBLE networks; input of another floating type is cast to the network's type, as DL4J's own
 * layers do. HALF (and other types) is refused when the network is initialised, naming the layer: the
 * Sinkhorn normalisation and the kernel products lose too much precision in 16 bits.
 */
@Data
@EqualsAndHashCode(callSuper = true)
public abstract class WsnnBaseLayer extends FeedForwardLayer implements ShapedParameters {

    /** Parameter key of the weights: base kernels or vectors, or a plain convolution's filters. */
    public static final String WEIGHT_KEY = "W";
    /** Parameter key of the bias, shape {@code [1, nOut]}: one per output field, shared over the group. */
    public static final String BIAS_KEY = "b";

    /** For JSON: the defaults a file written before these fields existed had in effect. */
    protected WsnnBaseLayer() {
        this.activationFn = new ActivationIdentity();
        this.weightInitFn = new UniformFanInInit();
    }

    protected WsnnBaseLayer(Builder<?> builder) {
        super(builder);
    }

    /**
     * DL4J's runtime layer: the data type checked ({@link #requireSupportedType}), the runtime
     * ({@link #runtime}) wired up with its parameters.
     */
    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        requireSupportedType(networkDataType);
        return RuntimeWiring.wire(runtime(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    /** The runtime layer of this configuration (not yet wired up). */
    protected abstract org.deeplearning4j.nn.api.Layer runtime(NeuralNetConfiguration conf, DataType networkDataType);

    /** {@code "W"} is the weight (regularization, weight noise and weight constraints apply to it). */
    @Override
    public boolean isWeightParameter(String key) {
        return WEIGHT_KEY.equals(key);
    }

    /** {@code "b"} is the bias (bias updater, bias regularization, bias init). */
    @Override
    public boolean isBiasParameter(String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public ParamInitializer initializer() {
        return ShapedParamInitializer.INSTANCE;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    /** Elements of updater state for all parameters, each with the updater {@link #getUpdaterByParam} gives it. */
    protected long updaterStateSize() {
        long state = 0;
        for (java.util.Map.Entry<String, long[]> e : parameterShapes().entrySet()) {
            IUpdater u = getUpdaterByParam(e.getKey());
            long n = 1;
            for (long d : e.getValue()) {
                n *= d;
            }
            state += u == null ? 0 : u.stateSize(n);
        }
        return state;
    }

    /** Name used in error messages: the class name and, when set, the layer name. */
    protected String describe() {
        String name = getLayerName();
        return getClass().getSimpleName() + (name == null ? "" : " '" + name + "'");
    }

    /**
     * Refuses a network data type this layer cannot compute in.
     *
     * @throws IllegalStateException naming the layer, the type and the supported ones
     */
    protected void requireSupportedType(DataType networkDataType) {
        if (networkDataType != DataType.FLOAT && networkDataType != DataType.DOUBLE) {
            throw new IllegalStateException(describe() + ": network data type " + networkDataType
                    + " is not supported; expected FLOAT or DOUBLE (Sinkhorn and the kernel products need at "
                    + "least 32-bit floats)");
        }
    }

    /**
     * Models saved before these layers were plain DL4J layers stored the updater as {@code "updater"}
     * (DL4J's own layers use {@code "iupdater"}); read it into the same field.
     */
    @JsonSetter("updater")
    void setLegacyUpdater(IUpdater updater) {
        if (iUpdater == null) {
            iUpdater = updater;
        }
    }

    /**
     * Models saved before stored an ignored {@code "weightInit"} enum; they were initialised with
     * {@link UniformFanInInit}, which the no-argument constructor already sets. Accepted and dropped.
     */
    @JsonSetter("weightInit")
    void setLegacyWeightInit(WeightInit ignored) {
        // the layers never honoured it; the effective initialisation is the default set above
    }

    /**
     * Builder defaults of every wsnn layer with parameters: identity activation, PyTorch's initialisation.
     *
     * @param <T> the concrete builder
     */
    public abstract static class Builder<T extends Builder<T>> extends FeedForwardLayer.Builder<T> {
        protected Builder() {
            this.activationFn = new ActivationIdentity();
            this.weightInitFn = new UniformFanInInit();
        }
    }
}
