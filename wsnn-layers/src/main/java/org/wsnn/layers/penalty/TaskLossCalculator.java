package org.wsnn.layers.penalty;

import org.deeplearning4j.earlystopping.scorecalc.ScoreCalculator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * An early-stopping {@link ScoreCalculator} on the task loss alone: the mean over a data set of
 * DL4J's score minus the regularization ({@link ScoreBreakdown}). DL4J's own {@code DataSetLossCalculator}
 * includes the penalties, so with weight sharing it can stop training because the weight decay on the
 * logits grew, while the task loss still fell. Minimised.
 *
 * <pre>{@code
 * new EarlyStoppingConfiguration.Builder<ComputationGraph>()
 *         .scoreCalculator(new TaskLossCalculator(validationIterator)) ...
 * }</pre>
 */
public class TaskLossCalculator implements ScoreCalculator<Model> {

    private final DataSetIterator data;

    /** @param data the validation data, reset before each evaluation */
    public TaskLossCalculator(DataSetIterator data) {
        if (data == null) {
            throw new IllegalArgumentException("TaskLossCalculator: expected a DataSetIterator, found null");
        }
        this.data = data;
    }

    @Override
    public double calculateScore(Model network) {
        data.reset();
        double sum = 0;
        long examples = 0;
        while (data.hasNext()) {
            DataSet batch = data.next();
            double score = network instanceof ComputationGraph g ? g.score(batch, false)
                    : ((MultiLayerNetwork) network).score(batch, false);
            sum += ScoreBreakdown.of(network, score).task() * batch.numExamples();
            examples += batch.numExamples();
        }
        data.reset();
        if (examples == 0) {
            throw new IllegalStateException("TaskLossCalculator: the validation iterator returned no examples");
        }
        return sum / examples;
    }

    @Override
    public boolean minimizeScore() {
        return true;
    }
}
