package org.wsnn.layers.penalty;

import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.ArrayList;
import java.util.List;

/**
 * The regularizations of a layer's representation logits {@code "R"}: the norm penalty and the entropy
 * penalty when their coefficients are positive, followed by the layer's own weight regularization (e.g.
 * AdamW's weight decay). Shared by every layer with learned representations.
 */
public final class RepresentationPenalties {

    private RepresentationPenalties() {
    }

    /**
     * @param normPenalty        λ_norm (none when 0)
     * @param entropyPenalty     λ_ent (none when 0)
     * @param sinkhornIterations the layer's Sinkhorn iterations
     * @param dimension          side d of each logits matrix
     * @param entropyWarmup      iterations over which λ_ent ramps up linearly (0: none)
     * @param layerRegularization the layer's weight regularization, or null
     */
    public static List<Regularization> of(double normPenalty, double entropyPenalty, int entropyWarmup,
                                          int sinkhornIterations, int dimension,
                                          List<Regularization> layerRegularization) {
        List<Regularization> list = new ArrayList<>();
        if (normPenalty > 0) {
            list.add(new NormPenalty(normPenalty, dimension));
        }
        if (entropyPenalty > 0) {
            list.add(new EntropyPenalty(entropyPenalty, sinkhornIterations, dimension, entropyWarmup));
        }
        if (layerRegularization != null) {
            list.addAll(layerRegularization);
        }
        return list;
    }
}
