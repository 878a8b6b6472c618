/**
 * Distributed training of wsnn models on Apache Spark through DL4J's own training masters, with no
 * parameter server of wsnn's: {@link org.wsnn.spark.SparkTrainer} (a {@link org.wsnn.train.Trainer.Loop}
 * for {@link org.wsnn.train.TrainingRun}, so checkpoints and exact resume are those of single-machine
 * runs; or directly on an {@code RDD<DataSet>} or a folder of saved batches), {@link
 * org.wsnn.spark.SparkOptions} (workers, averaging frequency, batch size per worker) and {@link
 * org.wsnn.spark.SparkMasters} (contexts opened only after the master URL has been checked). See
 * docs/distributed.md for cluster use and what scales.
 */
package org.wsnn.spark;
