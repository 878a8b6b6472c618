package org.wsnn.spark;

import org.wsnn.train.InputException;

/**
 * How a wsnn network is trained on Spark with DL4J's {@link
 * org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster}: each of {@code workers}
 * workers fits {@code averagingFrequency} minibatches of {@code batchSizePerWorker} examples from the
 * network's current parameters and updater state, then the driver averages parameters and updater state
 * over the workers. With one worker and averaging frequency 1 this is single-machine training.
 *
 * @param workers            parallel workers (Spark partitions of each epoch's batches), at least 1
 * @param averagingFrequency minibatches each worker fits between two averagings, at least 1
 * @param batchSizePerWorker examples per worker minibatch, at least 1
 */
public record SparkOptions(int workers, int averagingFrequency, int batchSizePerWorker) {

    /** Checks every value, naming the one that is wrong. */
    public SparkOptions {
        require("workers", workers);
        require("averaging frequency", averagingFrequency);
        require("batch size per worker", batchSizePerWorker);
    }

    private static void require(String what, int value) {
        if (value < 1) {
            throw new InputException("Spark training: " + what + " expected at least 1, found " + value);
        }
    }
}
