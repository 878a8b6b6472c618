package org.wsnn.layers.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The filters of one forward pass of a {@link org.wsnn.layers.GroupFeatureConvolution} and the way back from their
 * gradient to the layer's parameters: plain filters are a parameter, weight-sharing filters are built as
 * (I, Sinkhorn(Θ)) · W.
 */
public interface FilterPass {

    /** Filters in OIYX layout {@code [nOut·G, nIn·Gin, k, k]} (output o·G + g, input i·Gin + h). */
    INDArray filters();

    /**
     * Writes ∂L/∂parameter into the gradient views for every parameter the filters depend on.
     *
     * @param gradFilters ∂L/∂filters, OIYX
     * @param gradViews   the layer's gradient views by parameter key
     */
    void backward(INDArray gradFilters, Map<String, INDArray> gradViews);

    /** The way back of a pass: writes the parameter gradients for ∂L/∂filters. */
    @FunctionalInterface
    interface Backward {
        /** @see FilterPass#backward */
        void backward(INDArray gradFilters, Map<String, INDArray> gradViews);
    }

    /**
     * A pass of given filters and way back.
     *
     * @param filters  the filters, OIYX
     * @param backward their way back to the parameters
     */
    static FilterPass of(INDArray filters, Backward backward) {
        return new FilterPass() {
            @Override
            public INDArray filters() {
                return filters;
            }

            @Override
            public void backward(INDArray gradFilters, Map<String, INDArray> gradViews) {
                backward.backward(gradFilters, gradViews);
            }
        };
    }

    /**
     * Filters without a way back, for inference: holds nothing but the filters.
     *
     * @param filters the filters, OIYX
     */
    static FilterPass frozen(INDArray filters) {
        return of(filters, (gradFilters, gradViews) -> {
            throw new IllegalStateException("these filters were built for inference only; "
                    + "run a training forward pass before backprop");
        });
    }
}
