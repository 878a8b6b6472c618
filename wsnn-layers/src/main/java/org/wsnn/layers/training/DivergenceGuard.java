package org.wsnn.layers.training;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * A {@link org.deeplearning4j.optimize.api.TrainingListener} that stops training at the first step whose
 * score (loss plus penalties) is NaN or infinite, by throwing a {@link TrainingDivergedException} out of
 * {@code fit}. DL4J itself keeps training on NaN (every later step is NaN too) and would save a network of
 * NaN parameters at the next checkpoint; with this guard the caller's last checkpoint stays the last good
 * state. Add it last, after listeners that save the model:
 *
 * <pre>{@code
 * net.addListeners(new DivergenceGuard());
 * try {
 *     net.fit(iterator);
 * } catch (TrainingDivergedException e) {
 *     // e.getIteration(), e.getMessage(): restore the last checkpoint, lower the learning rate, ...
 * }
 * }</pre>
 *
 * The message names the step and, where it can tell, the cause: NaN or infinite values in the batch's
 * features (a data problem), or in the parameters after the update (the optimisation diverged).
 * The check reads the score DL4J has already computed; the cause is looked for only after a failure.
 */
public class DivergenceGuard extends BaseTrainingListener {

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        double score = model.score();
        if (Double.isFinite(score)) {
            return;
        }
        throw new TrainingDivergedException(iteration, epoch, score, cause(model));
    }

    /** What is not finite: the inputs of the step, else the parameters, else nothing found. */
    static String cause(Model model) {
        INDArray[] inputs = null;
        if (model instanceof ComputationGraph g) {
            inputs = g.getInputs();
        } else if (model instanceof MultiLayerNetwork n && n.getInput() != null) {
            inputs = new INDArray[]{n.getInput()};
        }
        if (inputs != null) {
            for (int i = 0; i < inputs.length; i++) {
                long bad = inputs[i] == null ? 0 : nonFinite(inputs[i]);
                if (bad > 0) {
                    return "the batch's input " + i + " holds " + bad + " NaN or infinite value(s) of "
                            + inputs[i].length() + " (a data problem)";
                }
            }
        }
        INDArray params = model.params();
        long bad = params == null || params.isEmpty() ? 0 : nonFinite(params);
        if (bad > 0) {
            return bad + " of " + params.length() + " parameters are NaN or infinite after the update (the "
                    + "optimisation diverged: lower the learning rate)";
        }
        return "inputs and parameters are finite (the loss itself overflowed: lower the learning rate)";
    }

    /** Number of NaN or infinite elements of a floating-point array. */
    public static long nonFinite(INDArray a) {
        if (a.isEmpty() || !a.dataType().isFPType()) {
            return 0;
        }
        return Nd4j.getExecutioner().exec(new MatchCondition(a, Conditions.isNan())).getLong(0)
                + Nd4j.getExecutioner().exec(new MatchCondition(a, Conditions.isInfinite())).getLong(0);
    }
}
