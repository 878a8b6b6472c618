package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.DL4JSameDiffMemoryMgr;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.util.SameDiffUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.wsnn.core.SinkhornTrace;
import org.wsnn.layers.GroupFeatureConvolution;
import org.wsnn.layers.WeightSharingConvolution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runtime of the weight-sharing convolutions. The kernel construction K = (I, Sinkhorn(Θ)) · W runs once
 * per forward pass on ND4J arrays, outside the SameDiff graph, and its backward pass is written out:
 * <pre>
 *   forward:   R = Sinkhorn(Θ) (trace kept),  K = W_flat · S(R)            → graph variable "K"
 *   backward:  ∂L/∂K from the graph,  (∂L/∂W, ∂L/∂R) = kernelBackward(∂L/∂K),  ∂L/∂Θ = trace.backward(∂L/∂R)
 * </pre>
 * The SameDiff graph holds only the convolution (input, "K", "b"). Unrolled into the graph, the 20
 * Sinkhorn iterations were hundreds of small ops per layer, executed again in every backward pass. The
 * stack built in the forward pass is reused by the backward pass that follows it (DL4J always runs the
 * forward pass first with the same parameters). Gradients coming out of the graph are corrected by
 * {@link #GRADIENT_CORRECTION} as in {@link CorrectedSameDiffLayer}.
 */
public class WeightSharingLayerRuntime extends CorrectedSameDiffLayer {

    /** Materialised filters (YXIO), detached from workspaces, bound to the graph variable. */
    private INDArray kernel;
    /** The stack of the last forward pass and its Sinkhorn trace (null without learned elements). */
    private INDArray stack;
    private SinkhornTrace trace;

    public WeightSharingLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private WeightSharingConvolution wsConf() {
        return (WeightSharingConvolution) layerConf();
    }

    @Override
    protected void doInit() {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            WeightSharingConvolution conf = wsConf();
            sameDiff = SameDiff.create();
            sameDiff.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
            long[] inputShape = input.shape().clone();
            inputShape[0] = -1;
            SDVariable inputVar = sameDiff.placeHolder(INPUT_KEY, dataType, inputShape);
            kernel = Nd4j.create(dataType, conf.filterShape());
            Map<String, SDVariable> vars = new LinkedHashMap<>();
            vars.put(WeightSharingConvolution.KERNEL_VARIABLE,
                    sameDiff.var(WeightSharingConvolution.KERNEL_VARIABLE, dataType, conf.filterShape()));
            if (conf.isHasBias()) {
                vars.put(GroupFeatureConvolution.BIAS_KEY, sameDiff.var(GroupFeatureConvolution.BIAS_KEY, dataType,
                        paramTable.get(GroupFeatureConvolution.BIAS_KEY).shape()));
            }
            SDVariable mask = sameDiff.placeHolder(MASK_KEY, dataType, org.nd4j.common.util.ArrayUtil.nTimes((long) inputShape.length, -1));
            outputVar = conf.defineLayer(sameDiff, inputVar, vars, mask);
            sameDiff.associateArrayWithVariable(kernel, sameDiff.getVariable(WeightSharingConvolution.KERNEL_VARIABLE));
            if (conf.isHasBias()) {
                sameDiff.associateArrayWithVariable(paramTable.get(GroupFeatureConvolution.BIAS_KEY),
                        sameDiff.getVariable(GroupFeatureConvolution.BIAS_KEY));
            }
            fn = SameDiffUtils.externalErrors(sameDiff, null, outputVar);
            fn.outputVariable();
            outputKey = outputVar.name();
        }
    }

    /** Builds the stack and the filters from the current parameters. */
    private void materialize() {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            WeightSharingConvolution conf = wsConf();
            INDArray weights = paramTable.get(WeightSharingConvolution.WEIGHT_KEY);
            trace = conf.hasLearnedRepresentations()
                    ? SinkhornTrace.forward(paramTable.get(WeightSharingConvolution.REPRESENTATION_KEY),
                    conf.getSinkhornIterations())
                    : null;
            stack = conf.assembleStack(trace == null ? null : trace.output(), weights.dataType());
            kernel.assign(conf.materializeKernel(weights, stack).permute(2, 3, 1, 0));
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        wsConf().validateInput(input);
        if (sameDiff == null) {
            doInit();
        }
        materialize();
        return super.activate(training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        WeightSharingConvolution conf = wsConf();
        conf.validateInput(input);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (sameDiff == null) {
                doInit();
            }
            if (stack == null) {
                materialize();
            }
            if (!sameDiff.hasGradientFunction()) {
                sameDiff.createGradFunction(INPUT_KEY);
            }
        }
        Map<Long, InferenceSession> sessions = sameDiff.getFunction("grad").getSessions();
        sessions.computeIfAbsent(Thread.currentThread().getId(),
                id -> SameDiff.getInferenceFactory().create(sameDiff.getFunction("grad")));
        sessions.get(Thread.currentThread().getId()).setMmgr(new DL4JSameDiffMemoryMgr(
                workspaceMgr.getWorkspaceName(ArrayType.BP_WORKING_MEM),
                workspaceMgr.getWorkspaceName(ArrayType.ACTIVATION_GRAD),
                workspaceMgr.getConfiguration(ArrayType.BP_WORKING_MEM),
                workspaceMgr.getConfiguration(ArrayType.ACTIVATION_GRAD)));

        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put(INPUT_KEY, input);
        placeholders.put(fn.getGradPlaceholderName(), epsilon);
        placeholders.put(MASK_KEY, maskArray != null ? maskArray : conf.onesMaskForInput(input));
        List<String> required = new ArrayList<>();
        required.add(INPUT_KEY);
        required.add(WeightSharingConvolution.KERNEL_VARIABLE);
        if (conf.isHasBias()) {
            required.add(GroupFeatureConvolution.BIAS_KEY);
        }
        Map<String, INDArray> grads = sameDiff.calculateGradients(placeholders, required);

        Gradient gradient = new DefaultGradient();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray gradKernel = grads.get(WeightSharingConvolution.KERNEL_VARIABLE).permute(3, 2, 0, 1)
                    .mul(GRADIENT_CORRECTION);
            INDArray[] back = conf.kernelBackward(gradKernel, paramTable.get(WeightSharingConvolution.WEIGHT_KEY), stack);
            Map<String, INDArray> computed = new HashMap<>();
            computed.put(WeightSharingConvolution.WEIGHT_KEY, back[0]);
            if (trace != null) {
                long first = conf.isFixIdentity() ? 1 : 0;
                INDArray gradLearned = back[1].get(NDArrayIndex.interval(first, back[1].size(0)),
                        NDArrayIndex.all(), NDArrayIndex.all());
                computed.put(WeightSharingConvolution.REPRESENTATION_KEY, trace.backward(gradLearned));
            }
            if (conf.isHasBias()) {
                computed.put(GroupFeatureConvolution.BIAS_KEY,
                        grads.get(GroupFeatureConvolution.BIAS_KEY).mul(GRADIENT_CORRECTION));
            }
            for (String key : paramTable.keySet()) {
                INDArray view = gradTable.get(key);
                view.assign(computed.get(key).reshape(view.shape()));
                gradient.gradientForVariable().put(key, view);
            }
        }
        INDArray dLdIn = grads.get(INPUT_KEY).mul(GRADIENT_CORRECTION);
        sameDiff.clearPlaceholders(true);
        sameDiff.clearOpInputs();
        return new Pair<>(gradient, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dLdIn));
    }
}
