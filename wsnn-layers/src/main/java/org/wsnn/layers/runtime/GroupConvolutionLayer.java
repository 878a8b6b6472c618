package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.layers.GroupFeatureConvolution;
import org.wsnn.layers.kernel.FilterPass;
import org.wsnn.layers.kernel.FilterPasses;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runtime of every wsnn convolution ({@link GroupFeatureConvolution}), a DL4J {@link BaseLayer}: forward
 * and backward call ND4J's native {@code conv2d} / {@code conv2d_bp} once each on the
 * {@code [B, C·Gin, H, W]} view of the input, with the filters of a {@link FilterPass} built once per
 * forward pass and reused by the backward pass that follows it (DL4J always runs the forward pass first,
 * with the same parameters). At inference only the filters are kept (not the Sinkhorn trace), while the
 * parameters stay exactly the same, so repeated {@code output} calls build the filters once.
 *
 * <p>DL4J's layer conventions, as in its {@code ConvolutionLayer}: input of another floating type is cast
 * to the layer's; dropout is applied to the input in training only (and its mask to the input gradient);
 * weight noise is drawn once per training step for {@code "W"} and {@code "b"} and reused by the backward
 * pass; the regularization score (l1, l2, weight decay and the representation penalties) comes from
 * {@link BaseLayer#calcRegularizationScore}.
 */
public class GroupConvolutionLayer extends BaseLayer<GroupFeatureConvolution> {

    private FilterPass pass;
    /** Whether {@link #pass} can go backward (built by a training forward pass or by backprop itself). */
    private boolean passTrainable;
    /** Copy of the parameters the current pass was built from, for reuse at inference (null after training). */
    private INDArray passParams;

    public GroupConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    private INDArray asImages(INDArray x) {
        long[] s = x.shape();
        return x.rank() == 5 ? x.reshape('c', s[0], s[1] * s[2], s[3], s[4]) : x.reshape('c', s);
    }

    /** The parameters the filters are built from: "W" and "b" after weight noise (in training), "R" as is. */
    private Map<String, INDArray> effectiveParams(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (layerConf().getWeightNoise() == null) {
            return params;
        }
        Map<String, INDArray> p = new LinkedHashMap<>(params);
        for (String key : params.keySet()) {
            if (layerConf().isWeightParameter(key) || layerConf().isBiasParameter(key)) {
                p.put(key, getParamWithNoise(key, training, workspaceMgr));
            }
        }
        return p;
    }

    private INDArray filterBias(Map<String, INDArray> p, DataType type) {
        GroupFeatureConvolution conf = layerConf();
        if (!conf.isHasBias()) {
            return null;
        }
        return conf.kernelShape().filterBias(p.get(GroupFeatureConvolution.BIAS_KEY).castTo(type));
    }

    /** The input in the layer's data type, dropout applied in training. */
    private INDArray preparedInput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = input.castTo(dataType);   // the same array when the type already agrees
        layerConf().validateInput(x);
        return x;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray x = preparedInput(training, workspaceMgr);
        GroupFeatureConvolution conf = layerConf();
        Map<String, INDArray> p = effectiveParams(training, workspaceMgr);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            boolean noisy = conf.getWeightNoise() != null;
            if (training || noisy || pass == null || passParams == null || !passParams.equalsWithEps(params(), 0.0)) {
                pass = null; // the previous pass (and its Sinkhorn trace) can go before the next is built
                FilterPass built = FilterPasses.of(conf, p);
                // inference keeps only the filters, not what their backward pass would need
                pass = training ? built : FilterPass.frozen(built.filters());
                passTrainable = training;
                passParams = training || noisy || params() == null ? null : params().dup();
            }
        }
        long batch = x.size(0);
        long h = conf.outputSize(x.size(x.rank() - 2));
        long w = conf.outputSize(x.size(x.rank() - 1));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{batch, conf.getNOut(), conf.getGroupSize(), h, w}, 'c');
        NativeConvolution.forward(asImages(x), pass.filters(), filterBias(p, dataType),
                out.reshape('c', batch, conf.getNOut() * conf.getGroupSize(), h, w), conf.convolutionConfig());
        return conf.getActivationFn().getActivation(out, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        GroupFeatureConvolution conf = layerConf();
        Map<String, INDArray> p = effectiveParams(true, workspaceMgr);
        if (pass == null || !passTrainable) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                pass = FilterPasses.of(conf, p);
                passTrainable = true;
                passParams = null;
            }
        }
        INDArray x = input.castTo(dataType);   // the same array when the type already agrees
        INDArray images = asImages(x);
        INDArray bias = filterBias(p, dataType);
        long[] e = epsilon.shape();
        INDArray delta = epsilon.castTo(dataType);
        if (!(conf.getActivationFn() instanceof ActivationIdentity)) {
            // recompute the pre-activation: the activation's backprop needs it
            INDArray z = Nd4j.createUninitialized(dataType, e);
            NativeConvolution.forward(images, pass.filters(), bias, z.reshape('c', e[0], e[1] * e[2], e[3], e[4]),
                    conf.convolutionConfig());
            delta = conf.getActivationFn().backprop(z, delta.dup()).getFirst();
        }
        INDArray gradOut = delta.reshape('c', e[0], e[1] * e[2], e[3], e[4]);
        INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        Gradient gradient = new DefaultGradient();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray gradFilters = Nd4j.createUninitialized(dataType, pass.filters().shape());
            INDArray gradBias = bias == null ? null : Nd4j.createUninitialized(dataType, bias.shape());
            NativeConvolution.backward(images, pass.filters(), bias, gradOut,
                    gradIn.reshape('c', images.shape()), gradFilters, gradBias, conf.convolutionConfig());
            pass.backward(gradFilters, gradientViews);
            if (gradBias != null) {
                gradientViews.get(GroupFeatureConvolution.BIAS_KEY).assign(
                        gradBias.reshape(conf.getNOut(), conf.getGroupSize()).sum(1).reshape(1, conf.getNOut()));
            }
        }
        for (String key : params.keySet()) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(gradIn));
    }

    @Override
    public void clearNoiseWeightParams() {
        weightNoiseParams.clear();
    }
}
