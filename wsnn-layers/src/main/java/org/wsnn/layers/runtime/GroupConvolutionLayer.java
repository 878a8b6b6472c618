package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.layers.FilterPass;
import org.wsnn.layers.GroupFeatureConvolution;

/**
 * Runtime of every wsnn convolution ({@link GroupFeatureConvolution}): forward and backward call ND4J's
 * native {@code conv2d} / {@code conv2d_bp} once each on the {@code [B, C·Gin, H, W]} view of the input,
 * with the filters of a {@link FilterPass} built once per forward pass and reused by the backward pass
 * that follows it (DL4J always runs the forward pass first, with the same parameters). At inference only
 * the filters are kept (not the Sinkhorn trace), while the parameters stay exactly the same, so repeated
 * {@code output} calls build the filters once.
 *
 * <p>Not a SameDiff graph: DL4J's SameDiff layer runtime executes the forward pass again inside every
 * backward pass and (in 1.0.0-M2.1) doubles gradients. The parameter bookkeeping and the regularization
 * score come from {@link CorrectedSameDiffLayer}; no gradient correction is applied here, and the
 * gradient checks confirm these gradients directly.
 */
public class GroupConvolutionLayer extends CorrectedSameDiffLayer {

    private FilterPass pass;
    /** Whether {@link #pass} can go backward (built by a training forward pass or by backprop itself). */
    private boolean passTrainable;
    /** Copy of the parameters the current pass was built from, for reuse at inference (null after training). */
    private INDArray passParams;

    public GroupConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private GroupFeatureConvolution convConf() {
        return (GroupFeatureConvolution) layerConf();
    }

    private INDArray inputAsImages() {
        long[] s = input.shape();
        return input.rank() == 5 ? input.reshape('c', s[0], s[1] * s[2], s[3], s[4]) : input.reshape('c', s);
    }

    private INDArray filterBias(DataType type) {
        GroupFeatureConvolution conf = convConf();
        if (!conf.isHasBias()) {
            return null;
        }
        INDArray b = paramTable.get(GroupFeatureConvolution.BIAS_KEY).reshape(conf.getNOut(), 1);
        return b.mul(Nd4j.ones(type, 1, conf.getGroupSize())).reshape(conf.getNOut() * conf.getGroupSize());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        GroupFeatureConvolution conf = convConf();
        conf.validateInput(input);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (training || pass == null || passParams == null || !passParams.equalsWithEps(params, 0.0)) {
                pass = null; // the previous pass (and its Sinkhorn trace) can go before the next is built
                FilterPass built = conf.filterPass(paramTable);
                // inference keeps only the filters, not what their backward pass would need
                pass = training ? built : FilterPass.frozen(built.filters());
                passTrainable = training;
                passParams = training || params == null ? null : params.dup();
            }
        }
        long batch = input.size(0);
        long h = conf.outputSize(input.size(input.rank() - 2));
        long w = conf.outputSize(input.size(input.rank() - 1));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                new long[]{batch, conf.getNOut(), conf.getGroupSize(), h, w}, 'c');
        NativeConvolution.forward(inputAsImages(), pass.filters(), filterBias(input.dataType()),
                out.reshape('c', batch, conf.getNOut() * conf.getGroupSize(), h, w), conf.convolutionConfig());
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        GroupFeatureConvolution conf = convConf();
        if (pass == null || !passTrainable) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                pass = conf.filterPass(paramTable);
                passTrainable = true;
                passParams = null;
            }
        }
        DataType type = input.dataType();
        long[] e = epsilon.shape();
        INDArray gradOut = epsilon.reshape('c', e[0], e[1] * e[2], e[3], e[4]);
        INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, type, input.shape(), 'c');
        INDArray bias = filterBias(type);
        Gradient gradient = new DefaultGradient();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray gradFilters = Nd4j.createUninitialized(type, pass.filters().shape());
            INDArray gradBias = bias == null ? null : Nd4j.createUninitialized(type, bias.shape());
            NativeConvolution.backward(inputAsImages(), pass.filters(), bias, gradOut,
                    gradIn.reshape('c', inputAsImages().shape()), gradFilters, gradBias, conf.convolutionConfig());
            pass.backward(gradFilters, gradTable);
            if (gradBias != null) {
                gradTable.get(GroupFeatureConvolution.BIAS_KEY)
                        .assign(gradBias.reshape(conf.getNOut(), conf.getGroupSize()).sum(1).reshape(1, conf.getNOut()));
            }
        }
        for (String key : paramTable.keySet()) {
            gradient.gradientForVariable().put(key, gradTable.get(key));
        }
        return new Pair<>(gradient, gradIn);
    }
}
