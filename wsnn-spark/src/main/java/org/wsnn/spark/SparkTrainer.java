package org.wsnn.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wsnn.data.TransformedImageIterator;
import org.wsnn.layers.GroupBatchNorm;
import org.wsnn.layers.training.TrainingDivergedException;
import org.wsnn.train.InputException;
import org.wsnn.train.Trainer;
import org.wsnn.train.TrainingProgress;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Trains a wsnn {@link ComputationGraph} on Spark with DL4J's {@link SparkComputationGraph} and {@link
 * ParameterAveragingTrainingMaster} — no parameter server of wsnn's own. The network's custom layers,
 * penalties ({@code Regularization}s) and separate representation updater travel to the executors in
 * DL4J's own form (configuration JSON, flattened parameters and updater state), and come back averaged.
 *
 * <p><b>Data.</b> As a {@link Trainer.Loop} (for {@link org.wsnn.train.TrainingRun}), each epoch's batches
 * are exactly those of the single-machine iterator — the same seed gives the same batches whatever the
 * number of workers; only which worker fits which batch changes — streamed by the driver to one file per
 * batch ({@code DataSet.save}, one batch in memory at a time) and loaded by the executors that fit them
 * ({@link #fitRounds}); the files are deleted after the epoch. The folder must be visible to the executors
 * (local mode: always; a cluster: a shared file system). {@link #fit(ComputationGraph, JavaRDD, int)} takes
 * an {@code RDD<DataSet>} directly and {@link #fitFolder} a folder of saved batches.
 *
 * <p><b>Not supported.</b> {@link GroupBatchNorm}: its running statistics are configuration, not
 * parameters, so the workers' updates of them would not come back (DL4J averages parameters and updater
 * state only); such networks are refused rather than trained with stale statistics. Per-batch training
 * accuracy is not measured on Spark (reported as NaN); the loss is DL4J's mean worker score.
 */
public final class SparkTrainer implements Trainer.Loop {

    private static final Logger log = LoggerFactory.getLogger(SparkTrainer.class);

    /** System property of Aeron's publication unblock timeout (ns). */
    static final String AERON_UNBLOCK_TIMEOUT = "aeron.publication.unblock.timeout";

    private final JavaSparkContext sc;
    private final SparkOptions options;
    private final File batchFolder;
    /** Gives the workers of each parameter-averaging round the driver's step count. */
    private final StepCounterHook counts = new StepCounterHook();
    private String networkMask = "127.0.0.0/8";
    private String controllerAddress = "127.0.0.1";

    /**
     * @param sc          the Spark context
     * @param options     workers, averaging frequency, batch size per worker
     * @param batchFolder where the epochs' batch files go (made if missing; emptied after each epoch)
     */
    public SparkTrainer(JavaSparkContext sc, SparkOptions options, File batchFolder) {
        this.sc = sc;
        this.options = options;
        this.batchFolder = batchFolder;
    }

    /** DL4J's training master for these options. */
    public TrainingMaster<?, ?> trainingMaster() {
        return options.mode() == SparkOptions.Mode.SHARED_GRADIENTS ? sharedTrainingMaster()
                : parameterAveragingMaster();
    }

    /**
     * DL4J's gradient-sharing master on the loopback interface (local masters) or the given network. Aeron
     * 1.32, which DL4J M2 uses, refuses DL4J's 30 s client liveness timeout with its default 15 s publication
     * unblock timeout ("publicationUnblockTimeoutNs ... <= clientLivenessTimeoutNs"), so the unblock timeout
     * is raised to 60 s unless {@code aeron.publication.unblock.timeout} is set (on a cluster, set it on the
     * executors too: docs/distributed.md).
     */
    private SharedTrainingMaster sharedTrainingMaster() {
        if (System.getProperty(AERON_UNBLOCK_TIMEOUT) == null) {
            System.setProperty(AERON_UNBLOCK_TIMEOUT, "60000000000");
        }
        VoidConfiguration transport = VoidConfiguration.builder().unicastPort(freeUdpPort())
                .networkMask(networkMask).controllerAddress(controllerAddress).build();
        return new SharedTrainingMaster.Builder(transport, options.batchSizePerWorker()).batchSizePerWorker(options.batchSizePerWorker())
                .workersPerNode(options.workers()).build();
    }

    /**
     * The network of a gradient-sharing cluster (default: loopback, for local masters).
     *
     * @param networkMask       the executors' network, e.g. {@code 10.0.0.0/16}
     * @param controllerAddress the driver's address on it
     * @return this
     */
    public SparkTrainer sharedGradientNetwork(String networkMask, String controllerAddress) {
        this.networkMask = networkMask;
        this.controllerAddress = controllerAddress;
        return this;
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        } catch (SocketException e) {
            throw new InputException("Spark training: no free UDP port for gradient sharing (" + e.getMessage() + ")",
                    e);
        }
    }

    /** DL4J's parameter-averaging master for these options (with wsnn's {@link StepCounterHook}). */
    private ParameterAveragingTrainingMaster parameterAveragingMaster() {
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(options.batchSizePerWorker())
                .batchSizePerWorker(options.batchSizePerWorker())
                .averagingFrequency(options.averagingFrequency())
                .workerPrefetchNumBatches(0)
                .repartionData(Repartition.Never)
                .saveUpdater(true)
                .build();
        master.addHook(counts);
        return master;
    }

    @Override
    public List<Trainer.Epoch> train(ComputationGraph net, TransformedImageIterator train, int fromEpoch, int toEpoch,
                                     String name, TrainingProgress progress, Trainer.EpochListener listener)
            throws IOException {
        requireSupported(net);
        if (train.batch() != options.batchSizePerWorker()) {
            throw new InputException("Spark training: the data's batch size " + train.batch() + " differs from the "
                    + "batch size per worker " + options.batchSizePerWorker());
        }
        TrainingProgress report = progress == null ? TrainingProgress.NONE : progress;
        while (train.epoch() < fromEpoch) {
            train.reset();
        }
        SparkComputationGraph spark = new SparkComputationGraph(sc, net, trainingMaster());
        List<Trainer.Epoch> done = new ArrayList<>();
        for (int e = fromEpoch; e < toEpoch; e++) {
            long start = System.nanoTime();
            report.epochStarted(String.format("%s epoch %d/%d on Spark (%d workers)", name, e + 1, toEpoch,
                    options.workers()), train.numExamples());
            Path folder = batchFolder.toPath().resolve("epoch-" + (e + 1));
            try {
                List<String> paths = writeBatches(train, folder, report);
                if (paths.size() < options.workers()) {
                    throw new InputException("Spark training: the epoch has " + paths.size() + " batch(es) of "
                            + options.batchSizePerWorker() + " for " + options.workers() + " workers, so a worker "
                            + "would get no data; use fewer workers or a smaller batch size per worker");
                }
                fitRounds(spark, paths);
            } finally {
                deleteFolder(folder);
                report.epochFinished();
            }
            double score = spark.getScore();
            copyBack(spark, net);
            if (!Double.isFinite(score) || !Double.isFinite(net.params().sumNumber().doubleValue())) {
                throw new TrainingDivergedException(net.getConfiguration().getIterationCount(), e, score,
                        "after the Spark epoch the " + (Double.isFinite(score) ? "parameters hold NaN or infinite "
                        + "values" : "mean worker score is not finite"));
            }
            net.getConfiguration().setEpochCount(e + 1);
            double seconds = (System.nanoTime() - start) / 1e9;
            Trainer.Epoch epoch = new Trainer.Epoch(e + 1, seconds, score, Double.NaN,
                    net.getConfiguration().getIterationCount(), null);
            log.info("{} epoch {}/{} on Spark ({} workers, {}, averaging every {}): mean worker score {}, {} s "
                            + "({} images/s)", name, e + 1, toEpoch, options.workers(), options.mode().trainingMaster(),
                    options.averagingFrequency(),
                    String.format("%.4f", score), String.format("%.1f", seconds),
                    String.format("%.1f", train.numExamples() / seconds));
            done.add(epoch);
            train.reset();
            if (listener != null) {
                listener.epochDone(epoch);
            }
        }
        return done;
    }

    /**
     * Trains a network on an RDD of minibatches ({@code batchSizePerWorker} examples each) for some epochs.
     *
     * @return the trained network (the same object, its parameters and updater state replaced)
     */
    public ComputationGraph fit(ComputationGraph net, JavaRDD<DataSet> data, int epochs) {
        requireSupported(net);
        SparkComputationGraph spark = new SparkComputationGraph(sc, net, trainingMaster());
        for (int e = 0; e < epochs; e++) {
            counts.startFrom(net.getConfiguration().getIterationCount(), net.getConfiguration().getEpochCount());
            spark.fit(data);
            net.getConfiguration().setEpochCount(net.getConfiguration().getEpochCount() + 1);
        }
        return copyBack(spark, net);
    }

    /**
     * Trains a network on a folder of saved minibatches ({@code DataSet.save} files, fitted in name order
     * across the workers) for some epochs.
     *
     * @throws InputException when the folder holds no batch files
     */
    public ComputationGraph fitFolder(ComputationGraph net, File folder, int epochs) throws IOException {
        requireSupported(net);
        List<String> paths;
        try (Stream<Path> files = Files.list(folder.toPath())) {
            paths = files.filter(Files::isRegularFile).map(p -> p.toAbsolutePath().toString()).sorted().toList();
        }
        if (paths.isEmpty()) {
            throw new InputException("Spark training: no saved DataSet batches in " + folder.getPath());
        }
        SparkComputationGraph spark = new SparkComputationGraph(sc, net, trainingMaster());
        for (int e = 0; e < epochs; e++) {
            fitRounds(spark, paths);
            net.getConfiguration().setEpochCount(net.getConfiguration().getEpochCount() + 1);
        }
        return copyBack(spark, net);
    }

    /**
     * Fits saved batches in averaging rounds of {@code workers × averagingFrequency} batches, in order: each
     * round is one RDD whose partitions are the workers, so no batch is shuffled between rounds and one
     * worker with averaging frequency 1 sees the batches in the single-machine order. (DL4J's own {@code
     * fitPaths} for graphs fails in 1.0.0-M2 with a NullPointerException in {@code
     * executeTrainingPathsHelper}, and its RDD path splits the data with {@code randomSplit}.)
     */
    private void fitRounds(SparkComputationGraph spark, List<String> paths) {
        if (options.mode() == SparkOptions.Mode.SHARED_GRADIENTS) {
            // one job per epoch: the workers train continuously and share their updates
            spark.fit(sc.parallelize(new ArrayList<>(paths), Math.min(options.workers(), paths.size()))
                    .map(new LoadBatch()));
            return;
        }
        int round = options.workers() * options.averagingFrequency();
        for (int from = 0; from < paths.size(); from += round) {
            List<String> chunk = paths.subList(from, Math.min(paths.size(), from + round));
            int partitions = Math.min(options.workers(), chunk.size());
            ComputationGraph net = spark.getNetwork();
            counts.startFrom(net.getConfiguration().getIterationCount(), net.getConfiguration().getEpochCount());
            spark.fit(sc.parallelize(new ArrayList<>(chunk), partitions).map(new LoadBatch()));
        }
    }

    /**
     * Makes {@code net} hold what Spark trained: the same object in DL4J M2 (then nothing to do), else its
     * parameters and updater state are copied over.
     */
    private static ComputationGraph copyBack(SparkComputationGraph spark, ComputationGraph net) {
        ComputationGraph trained = spark.getNetwork();
        if (trained != net) {
            net.setParams(trained.params());
            if (trained.getUpdater() != null && trained.getUpdater().getStateViewArray() != null) {
                net.getUpdater().getStateViewArray().assign(trained.getUpdater().getStateViewArray());
            }
        }
        return net;
    }

    /**
     * Refuses a network whose state would not survive parameter averaging.
     *
     * @throws InputException naming the layer
     */
    static void requireSupported(ComputationGraph net) {
        for (Map.Entry<String, GraphVertex> e : net.getConfiguration().getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof GroupBatchNorm) {
                throw new InputException("Spark training: layer " + e.getKey() + " is a GroupBatchNorm, whose running "
                        + "statistics are not parameters and would not come back from the workers (DL4J averages "
                        + "parameters and updater state only); train it on one machine");
            }
        }
    }

    /** Streams the iterator's remaining epoch to one file per batch. */
    private static List<String> writeBatches(TransformedImageIterator train, Path folder, TrainingProgress report)
            throws IOException {
        deleteFolder(folder);
        Files.createDirectories(folder);
        List<String> paths = new ArrayList<>();
        long images = 0;
        while (train.hasNext()) {
            DataSet batch = train.next();
            File f = folder.resolve(String.format("batch-%06d.bin", paths.size())).toFile();
            batch.save(f);
            paths.add(f.getAbsolutePath());
            images += batch.numExamples();
            report.stepped(images, "writing the epoch's batches for the workers");
        }
        return paths;
    }

    private static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
