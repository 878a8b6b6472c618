package org.wsnn.layers.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wsnn.core.sinkhorn.Sinkhorn;
import org.wsnn.core.sinkhorn.SinkhornTrace;
import org.wsnn.layers.FixedGroup;
import org.wsnn.layers.GroupFeatureConvolution;
import org.wsnn.layers.PlainGroupConvolution;
import org.wsnn.layers.RepresentationStack;
import org.wsnn.layers.WeightSharingConvolution;

import java.util.Map;

/**
 * The {@link FilterPass} a group convolution needs for its current parameters:
 * <ul>
 *   <li>learned stack: R = (I, Sinkhorn(Θ)) keeping the Sinkhorn trace, K = W_flat · S ({@link StackKernel});
 *       the way back maps ∂L/∂K to ∂L/∂W and, through the trace, to ∂L/∂Θ;</li>
 *   <li>fixed stack (the G-CNN): K from the stack's nonzeros ({@link SparseStack}), ∂L/∂W likewise;</li>
 *   <li>plain filters ({@link PlainGroupConvolution}): K = W, ∂L/∂W = ∂L/∂K.</li>
 * </ul>
 * Weights and bias come in as the runtime passes them (after weight noise, if any).
 */
public final class FilterPasses {

    /** Debug log of the Sinkhorn residual per forward pass (logger {@code org.wsnn.layers.sinkhorn}). */
    private static final Logger SINKHORN_LOG = LoggerFactory.getLogger("org.wsnn.layers.sinkhorn");

    private FilterPasses() {
    }

    /**
     * The pass for a layer's parameters.
     *
     * @param conf   the layer
     * @param params its parameters by key (weights possibly noised)
     */
    public static FilterPass of(GroupFeatureConvolution conf, Map<String, INDArray> params) {
        if (conf instanceof PlainGroupConvolution) {
            return plain(params.get(PlainGroupConvolution.WEIGHT_KEY), PlainGroupConvolution.WEIGHT_KEY);
        }
        if (!(conf instanceof WeightSharingConvolution ws)) {
            throw new IllegalArgumentException("FilterPasses: no filters for " + conf.getClass().getName());
        }
        INDArray weights = params.get(WeightSharingConvolution.WEIGHT_KEY);
        if (ws.hasFixedStack()) {
            return fixed(ws, weights);
        }
        return learned(ws, weights, params.get(WeightSharingConvolution.REPRESENTATION_KEY));
    }

    /** Filters that are a parameter themselves (no copy). */
    static FilterPass plain(INDArray filters, String key) {
        return FilterPass.of(filters, (gradFilters, gradViews) -> gradViews.get(key).assign(gradFilters));
    }

    /** The G-CNN baseline's pass: filters from the fixed stack's nonzeros instead of the dense product. */
    static FilterPass fixed(WeightSharingConvolution conf, INDArray weights) {
        KernelShape shape = conf.kernelShape();
        RepresentationStack rep = conf.getRepresentation();
        SparseStack sparse = rep.getFixedGroup() != FixedGroup.NONE
                ? rep.getFixedGroup().sparseStack(shape.kernelSize(), shape.inputGroupSize())
                : SparseStack.of(conf.fixedStack());
        int nOut = (int) shape.nOut();
        int nIn = (int) shape.nIn();
        INDArray filters = sparse.filters(weights, nOut, nIn).reshape(shape.filterShape());
        return FilterPass.of(filters, (gradFilters, gradViews) -> gradViews.get(WeightSharingConvolution.WEIGHT_KEY)
                .assign(sparse.weightGradient(gradFilters, nOut, nIn).reshape(weights.shape())));
    }

    /** The learned stack's pass: Sinkhorn with its trace, the dense product, and their adjoints. */
    static FilterPass learned(WeightSharingConvolution conf, INDArray weights, INDArray logits) {
        KernelShape shape = conf.kernelShape();
        RepresentationStack rep = conf.getRepresentation();
        int iterations = rep.getSinkhornIterations();
        SinkhornTrace trace = logits == null ? null : SinkhornTrace.forward(logits, iterations);
        INDArray stack = conf.assembleStack(trace == null ? null : trace.output(), weights.dataType());
        if (trace != null && SINKHORN_LOG.isDebugEnabled()) {
            SINKHORN_LOG.debug("{}: Sinkhorn residual max |row or column sum - 1| = {} after {} iterations",
                    conf.getLayerName(), Sinkhorn.residual(trace.output()), iterations);
        }
        INDArray filters = StackKernel.materialize(shape, weights, stack);
        return FilterPass.of(filters, (gradFilters, gradViews) -> {
            INDArray[] back = StackKernel.backward(shape, gradFilters, weights, stack);
            gradViews.get(WeightSharingConvolution.WEIGHT_KEY).assign(back[0]);
            if (trace != null) {
                long first = rep.isFixIdentity() ? 1 : 0;
                INDArray learned = back[1].get(NDArrayIndex.interval(first, back[1].size(0)),
                        NDArrayIndex.all(), NDArrayIndex.all());
                gradViews.get(WeightSharingConvolution.REPRESENTATION_KEY).assign(trace.backward(learned));
            }
        });
    }
}
