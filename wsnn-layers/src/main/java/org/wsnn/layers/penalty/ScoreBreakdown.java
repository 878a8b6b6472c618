package org.wsnn.layers.penalty;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a DL4J score is made of. DL4J reports one number, score = task loss + Σ regularization scores;
 * with weight sharing that sum mixes three things that move differently: the norm penalty (which falls
 * as the logits become normalised), the entropy penalty, and the weight decay (½·λ·Σθ² for L2 and
 * decoupled decay, λ·Σ|θ| for L1), which on the logits grows while the norm penalty pulls them towards
 * −log d. This record separates them, by asking every parameter's {@link Regularization}s for their
 * score exactly as DL4J does, and gives the task loss as the remainder:
 * <pre>
 *   task = score − (norm + entropy + weightDecay + other)
 * </pre>
 *
 * @param total       the network's score as DL4J reports it
 * @param task        the loss of the task alone
 * @param norm        λ_norm · norm penalty, summed over layers
 * @param entropy     λ_ent · entropy penalty, summed over layers
 * @param weightDecay L1, L2 and weight-decay scores of all parameters (weights, biases and logits)
 * @param other       the scores of any other {@link Regularization}
 */
public record ScoreBreakdown(double total, double task, double norm, double entropy, double weightDecay, double other) {

    /**
     * The breakdown of a network's current score: {@code net.score()} split by the current parameters.
     * Call it where score and parameters belong together (before the update of a step, e.g. in
     * {@link org.deeplearning4j.optimize.api.TrainingListener#onGradientCalculation}, or after
     * {@code net.score(dataSet)}).
     */
    public static ScoreBreakdown of(Model net) {
        return of(net, net.score());
    }

    /** The breakdown of a given score (which must include the regularization of the current parameters). */
    public static ScoreBreakdown of(Model net, double score) {
        Layer[] layers = layers(net);
        double norm = 0;
        double entropy = 0;
        double decay = 0;
        double other = 0;
        for (Layer layer : layers) {
            Map<String, INDArray> params = layer.paramTable();
            if (params == null) {
                continue;
            }
            for (Map.Entry<String, INDArray> p : params.entrySet()) {
                List<Regularization> list = layer.conf().getLayer().getRegularizationByParam(p.getKey());
                if (list == null) {
                    continue;
                }
                for (Regularization r : list) {
                    double s = r.score(p.getValue(), layer.getIterationCount(), layer.getEpochCount());
                    if (r instanceof NormPenalty) {
                        norm += s;
                    } else if (r instanceof EntropyPenalty) {
                        entropy += s;
                    } else if (r instanceof L2Regularization || r instanceof L1Regularization || r instanceof WeightDecay) {
                        decay += s;
                    } else {
                        other += s;
                    }
                }
            }
        }
        return new ScoreBreakdown(score, score - norm - entropy - decay - other, norm, entropy, decay, other);
    }

    /** The sum of the penalties (everything but the task loss). */
    public double penalties() {
        return norm + entropy + weightDecay + other;
    }

    /** As JSON-ready map: total, task, norm, entropy, weightDecay, other. */
    public Map<String, Double> toMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("total", total);
        m.put("task", task);
        m.put("norm", norm);
        m.put("entropy", entropy);
        m.put("weightDecay", weightDecay);
        m.put("other", other);
        return m;
    }

    /** One short line: {@code task 0.532 norm 0.118 ent 0.000 wd 0.409}. */
    public String shortLine() {
        return String.format(java.util.Locale.ROOT, "task %.3f norm %.3f ent %.3f wd %.3f", task, norm, entropy, weightDecay);
    }

    private static Layer[] layers(Model net) {
        if (net instanceof ComputationGraph g) {
            return g.getLayers();
        }
        if (net instanceof MultiLayerNetwork m) {
            return m.getLayers();
        }
        if (net instanceof Layer l) {
            return new Layer[]{l};
        }
        throw new IllegalArgumentException("ScoreBreakdown: expected a ComputationGraph, MultiLayerNetwork or Layer, found "
                + (net == null ? "null" : net.getClass().getName()));
    }
}
