package org.wsnn.spark;

import org.wsnn.train.InputException;

/**
 * How a wsnn network is trained on Spark.
 *
 * <p>{@link Mode#PARAMETER_AVERAGING} (DL4J's {@link
 * org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster}): each of {@code workers}
 * workers fits {@code averagingFrequency} minibatches of {@code batchSizePerWorker} examples from the
 * network's current parameters and updater state, then the driver averages parameters and updater state
 * over the workers. With one worker and averaging frequency 1 this is single-machine training.
 *
 * <p>{@link Mode#SHARED_GRADIENTS} (DL4J's {@code SharedTrainingMaster}): the workers train continuously
 * and exchange threshold-encoded updates over Aeron UDP; {@code averagingFrequency} does not apply.
 *
 * @param workers            parallel workers (Spark partitions of each epoch's batches), at least 1
 * @param averagingFrequency minibatches each worker fits between two averagings, at least 1
 * @param batchSizePerWorker examples per worker minibatch, at least 1
 * @param mode               which DL4J training master
 */
public record SparkOptions(int workers, int averagingFrequency, int batchSizePerWorker, Mode mode) {

    /** DL4J's two training masters. */
    public enum Mode {
        /** {@code ParameterAveragingTrainingMaster}: synchronous averaging of parameters and updater state. */
        PARAMETER_AVERAGING("ParameterAveragingTrainingMaster"),
        /** {@code SharedTrainingMaster}: asynchronous sharing of threshold-encoded gradients over Aeron UDP. */
        SHARED_GRADIENTS("SharedTrainingMaster");

        private final String className;

        Mode(String className) {
            this.className = className;
        }

        /** @return DL4J's class name of the training master */
        public String trainingMaster() {
            return className;
        }
    }

    /** Parameter averaging. */
    public SparkOptions(int workers, int averagingFrequency, int batchSizePerWorker) {
        this(workers, averagingFrequency, batchSizePerWorker, Mode.PARAMETER_AVERAGING);
    }

    /** Checks every value, naming the one that is wrong. */
    public SparkOptions {
        if (mode == null) {
            throw new InputException("Spark training: mode expected PARAMETER_AVERAGING or SHARED_GRADIENTS, found "
                    + "nothing");
        }
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
