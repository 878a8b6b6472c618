package org.wsnn.zoo;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.wsnn.layers.WeightSharingConvolution;

/**
 * Parameter counts in the paper's notation "weights (+ logits)": representation logits {@code "R"} are
 * counted apart from all other parameters.
 *
 * @param weights all parameters except representation logits
 * @param logits  representation logits
 */
public record ParameterCounts(long weights, long logits) {

    /** Counts of a network. */
    public static ParameterCounts of(ComputationGraph net) {
        long logits = 0;
        for (Layer layer : net.getLayers()) {
            if (layer.paramTable() != null && layer.paramTable().containsKey(WeightSharingConvolution.REPRESENTATION_KEY)
                    && layer.conf().getLayer() instanceof WeightSharingConvolution) {
                logits += layer.getParam(WeightSharingConvolution.REPRESENTATION_KEY).length();
            }
        }
        return new ParameterCounts(net.numParams() - logits, logits);
    }

    @Override
    public String toString() {
        return String.format("%,d", weights) + (logits > 0 ? String.format(" (+%,d)", logits) : "");
    }
}
