package org.wsnn.spark;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Gives each worker's network the driver's step and epoch counts before its first minibatch of an
 * averaging round. DL4J's workers rebuild the network from a clone of its configuration, and {@code
 * ComputationGraphConfiguration.clone()} leaves the iteration and epoch counts out on purpose, so without
 * this every round would restart Adam's bias correction (t = 1) and any schedule: with one worker and
 * averaging frequency 1, parameter averaging then drifts from single-machine training (measured 3·10⁻³
 * after two steps of a CNN), with it the two agree.
 */
final class StepCounterHook implements TrainingHook {

    private static final long serialVersionUID = 1L;

    private int iteration;
    private int epoch;

    /** Sets the counts the next round's workers start from (the hook is broadcast with each round). */
    void startFrom(int iteration, int epoch) {
        this.iteration = iteration;
        this.epoch = epoch;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        align(model);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        align(model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
    }

    private void align(Model model) {
        if (model instanceof ComputationGraph net && net.getConfiguration().getIterationCount() < iteration) {
            // a fresh worker network (count 0 + the steps it made this round) gets the driver's counts added
            net.getConfiguration().setIterationCount(iteration + net.getConfiguration().getIterationCount());
            net.getConfiguration().setEpochCount(epoch);
        }
    }
}
