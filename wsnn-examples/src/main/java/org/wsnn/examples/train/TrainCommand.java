package org.wsnn.examples.train;

import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.train.InputException;
import org.wsnn.train.TrainingRun;
import org.wsnn.spark.SparkMasters;
import org.wsnn.spark.SparkOptions;
import org.wsnn.spark.SparkTrainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.wsnn.train.checkpoint.AtomicFiles;
import org.wsnn.train.checkpoint.Checkpoint;
import org.wsnn.train.checkpoint.CheckpointInfo;
import org.wsnn.train.registry.DataChoice;
import org.wsnn.train.registry.ModelChoice;
import org.wsnn.train.report.RepresentationReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.deeplearning4j.util.CrashReportingUtil;
import org.wsnn.examples.common.CliChoices;
import org.wsnn.examples.common.CliException;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.symmetry.Heatmaps;
import org.wsnn.examples.common.ProgressBarProgress;
import org.wsnn.examples.common.OutputPaths;
import org.wsnn.zoo.ParameterCounts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * {@code wsnn train}: trains a zoo model ({@link ModelChoice}) on transformed MNIST-family images or on CIFAR-10
 * ({@link DataChoice}; the model's input shape must match the data's). After every epoch {@code DIR/checkpoint.zip} (model, updater state and a
 * {@link CheckpointInfo}) is replaced atomically; {@code --resume} continues from it with the same updater
 * state, epoch counter and data order. At the end: DL4J's {@link Evaluation} on the test split,
 * {@code DIR/model.zip} (no updater state), {@code DIR/metrics.json} and, for weight-sharing models,
 * {@code DIR/representations.json} with the convex fit of every layer's stack against C4 plus PNG heatmaps.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a zoo model on transformed images, with a progress bar, a checkpoint per epoch "
                + "and a final evaluation.",
                "Writes DIR/checkpoint.zip (per epoch, with updater state), DIR/model.zip, DIR/metrics.json and, "
                        + "for weight-sharing models, DIR/representations.json and PNG heatmaps."})
public final class TrainCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(TrainCommand.class);

    /** Metrics file name. */
    public static final String METRICS_FILE = "metrics.json";
    /** Representation report file name. */
    public static final String REPRESENTATIONS_FILE = "representations.json";
    /** Folder of one epoch's batch files while training on Spark (removed after each epoch). */
    public static final String SPARK_BATCHES = "spark-batches";
    /** The files a run writes into its folder (a folder holding one needs --resume or --force). */
    private static final Predicate<String> WRITTEN = OutputPaths.named(List.of(Checkpoint.CHECKPOINT_FILE,
            Checkpoint.MODEL_FILE, METRICS_FILE, REPRESENTATIONS_FILE, SPARK_BATCHES), ".png");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "M", converter = CliChoices.ModelConverter.class, defaultValue = "wscnn",
            completionCandidates = CliChoices.ModelNames.class,
            description = "Model: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); the *resnet models take cifar10, the others the MNIST family.")
    ModelChoice model;

    @Option(names = "--data", paramLabel = "D", converter = CliChoices.DataConverter.class, defaultValue = "rotated",
            completionCandidates = CliChoices.DataNames.class,
            description = "Data: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); cifar10 needs a *resnet model.")
    DataChoice data;

    @Option(names = "--recipe", paramLabel = "R", converter = CliChoices.RecipeConverter.class,
            completionCandidates = CliChoices.RecipeNames.class,
            description = "How the learned stacks are trained (wscnn, wsresnet): ${COMPLETION-CANDIDATES} (default "
                    + "paper: the paper's configuration; fast: larger steps, no decay and no norm penalty on the logits; "
                    + "see docs/discovery.md).")
    DiscoveryRecipe recipe;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder with MNIST-format IDX files, or for cifar10 the CIFAR-10 binary batches "
                    + "(default: the search described in docs/data.md, e.g. /usr/share/datasets/fashion-mnist).")
    File dataDir;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs to have completed at the end (default ${DEFAULT-VALUE}).")
    Integer epochs = 1;

    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size (default ${DEFAULT-VALUE}).")
    Integer batchSize = 64;

    @Option(names = "--train-examples", paramLabel = "N", description = "Training examples per epoch (default: all).")
    Integer trainExamples;

    @Option(names = "--test-examples", paramLabel = "N", description = "Test examples (default: all).")
    Integer testExamples;

    @Option(names = "--channels", paramLabel = "N",
            description = "Channels per layer (default: the paper's, wscnn 32, gcnn 16, cnn 64, "
                    + "wsresnet / gresnet / resnet 32).")
    Integer channels;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of initialisation, transforms and order (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default wsnn-runs/train-<model>-<data>).")
    File out;

    @Option(names = "--resume", description = "Continue from DIR/checkpoint.zip (same updater state and epoch counter).")
    boolean resume;

    @Option(names = "--no-progress", description = "Do not draw a progress bar on stderr.")
    boolean noProgress;

    @Option(names = "--fresh-updater", description = "With --resume: start a fresh optimizer (Adam moments and "
            + "step count reset) instead of the checkpoint's updater state; needed for a checkpoint that has none "
            + "(a model.zip, an export).")
    boolean freshUpdater;

    @Option(names = "--spark-master", paramLabel = "URL", description = "Train on Spark (DL4J's parameter averaging): "
            + "local[N] (N worker threads in this JVM), spark://host:port, yarn or k8s://... (docs/distributed.md).")
    String sparkMaster;

    @Option(names = "--workers", paramLabel = "N", description = "With --spark-master: parallel workers (default: "
            + "the N of local[N]; required for a cluster master).")
    Integer workers;

    @Option(names = "--averaging-frequency", paramLabel = "K", description = "With --spark-master: minibatches each "
            + "worker fits between two parameter averagings (default ${DEFAULT-VALUE}).")
    Integer averagingFrequency;

    @Option(names = "--training-master", paramLabel = "M", description = "With --spark-master: averaging (DL4J's "
            + "ParameterAveragingTrainingMaster, default) or shared (SharedTrainingMaster: gradient sharing over "
            + "Aeron UDP; local masters only from the command line).")
    String trainingMaster;

    @Option(names = "--batch-size-per-worker", paramLabel = "B", description = "With --spark-master: examples per "
            + "worker minibatch (default: --batch-size).")
    Integer batchSizePerWorker;

    @Option(names = "--force", description = "Start a new run in an --out folder that holds an earlier run's files, "
            + "overwriting them.")
    boolean force;

    @Override
    public Integer call() {
        try {
            return Commands.run(spec, this::train);
        } finally {
            CrashReportingUtil.crashDumpsEnabled(false);   // the other commands write none (WsnnCommand)
        }
    }

    private int train() throws IOException {
        int totalEpochs = Commands.positive(spec, "--epochs", epochs);
        Commands.positive(spec, "--batch-size", batchSize);
        Commands.positive(spec, "--train-examples", trainExamples);
        Commands.positive(spec, "--test-examples", testExamples);
        Commands.positive(spec, "--channels", channels);
        if (freshUpdater && !resume) {
            throw new CliException("--fresh-updater only applies with --resume (a new run always starts a fresh "
                    + "optimizer)");
        }
        SparkOptions sparkOptions = sparkOptions();
        File dir = out != null ? out : new File("wsnn-runs", "train-" + model.cliName() + "-" + data.cliName());
        File checkpoint = TrainingRun.checkpointFile(OutputPaths.path("--out", dir).toFile());
        PrintWriter o = spec.commandLine().getOut();

        TrainingRun run;
        if (resume) {
            run = resume(dir, checkpoint, o);
        } else {
            if (checkpoint.exists() && !force) {
                throw new CliException(dir.getPath() + " already holds a checkpoint (" + checkpoint.getName()
                        + "); use --resume to continue it, --force to start over, or choose another --out");
            }
            OutputPaths.folder("--out", dir, force, WRITTEN);
            model.requireCompatible(data);
            // DL4J writes a memory crash dump on an out-of-memory error: into the run's folder, not the current one
            CrashReportingUtil.crashDumpOutputDirectory(dir);
            CrashReportingUtil.crashDumpsEnabled(true);
            run = TrainingRun.start(new TrainingRun.Settings(model, data, dataDir, seed, channels == null ? -1 : channels,
                    batchSize, trainExamples == null ? -1 : trainExamples, testExamples == null ? -1 : testExamples,
                    recipe), dir);
        }
        ComputationGraph net = run.network();
        CheckpointInfo info = run.info();
        ParameterCounts counts = ParameterCounts.of(net);
        log.info("train: {} ({} channels, {} parameters) on {} ({} training / {} test images), {} epoch(s), batch {}, "
                        + "seed {}, output {}", info.model(), info.channels(), counts, info.data(),
                run.trainData().numExamples(), run.testData().numExamples(), totalEpochs, info.batchSize(), info.seed(),
                dir.getAbsolutePath());
        if (info.epoch() >= totalEpochs) {
            o.printf("%d epoch(s) already done (--epochs %d): nothing to train, evaluating%n", info.epoch(), totalEpochs);
        }
        if (sparkOptions == null) {
            run.fit(totalEpochs, ProgressBarProgress.on(noProgress ? null : System.err));
        } else {
            sparkOptions = fitOnSpark(run, totalEpochs, sparkOptions, dir);
        }
        info = run.info();
        long start = System.nanoTime();
        Evaluation evaluation = run.evaluate();
        double evalSeconds = (System.nanoTime() - start) / 1e9;
        o.println(evaluation.stats(false, true));

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("model", info.model());
        metrics.put("data", info.data());
        metrics.put("channels", info.channels());
        String trainedRecipe = ModelChoice.parse(info.model()).recipeName(info.recipe());
        if (trainedRecipe != null) {
            metrics.put("recipe", trainedRecipe);
        }
        metrics.put("seed", info.seed());
        metrics.put("epochs", info.epoch());
        metrics.put("batchSize", info.batchSize());
        metrics.put("trainExamples", info.trainExamples());
        metrics.put("testExamples", run.testData().numExamples());
        metrics.put("testAccuracy", evaluation.accuracy());
        metrics.put("params", counts.weights());
        metrics.put("representationParams", counts.logits());
        metrics.put("parameters", counts.toString());
        metrics.put("secondsPerEpoch", info.meanSecondsPerEpoch());
        metrics.put("epochSeconds", info.secondsPerEpoch());
        metrics.put("trainLoss", info.trainLoss());
        metrics.put("trainLossParts", info.trainLossParts());
        metrics.put("trainAccuracy", info.trainAccuracy());
        metrics.put("evaluationSeconds", evalSeconds);
        metrics.put("confusionMatrix", confusion(evaluation));
        if (sparkOptions != null) {
            Map<String, Object> distributed = new LinkedHashMap<>();
            distributed.put("master", sparkMaster);
            distributed.put("workers", sparkOptions.workers());
            distributed.put("trainingMaster", sparkOptions.mode().trainingMaster());
            if (sparkOptions.mode() == SparkOptions.Mode.PARAMETER_AVERAGING) {
                distributed.put("averagingFrequency", sparkOptions.averagingFrequency());
            }
            distributed.put("batchSizePerWorker", sparkOptions.batchSizePerWorker());
            metrics.put("distributed", distributed);
        }
        AtomicFiles.writeJson(new File(dir, METRICS_FILE).toPath(), metrics);

        RepresentationReport report = RepresentationReport.of(net, RepresentationReport.Truth.C4);
        if (!report.learnedLayers().isEmpty()) {
            o.println("learned representations against C4:");
            report.print(o);
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("model", info.model());
            header.put("data", info.data());
            header.put("epochs", info.epoch());
            header.put("reference", "lifting: C4 rotations of the k x k taps; group layers: C4 shift-twist");
            report.writeJson(new File(dir, REPRESENTATIONS_FILE), header);
            Heatmaps.writeReport(report, dir);
        }
        o.printf("test accuracy %.4f on %d images; parameters %s; %.1f s per epoch; wrote %s%n", evaluation.accuracy(),
                run.testData().numExamples(), counts, info.meanSecondsPerEpoch(), dir.getPath());
        o.flush();
        return 0;
    }

    /**
     * The Spark settings of the options, or null without {@code --spark-master}; checks the master URL (one
     * line for one that cannot be parsed or reached) before anything else is done.
     */
    private SparkOptions sparkOptions() {
        int w = Commands.positive(spec, "--workers", workers);
        int k = Commands.positive(spec, "--averaging-frequency", averagingFrequency);
        int b = Commands.positive(spec, "--batch-size-per-worker", batchSizePerWorker);
        if (sparkMaster == null) {
            if (workers != null || averagingFrequency != null || batchSizePerWorker != null || trainingMaster != null) {
                throw new CliException("--workers, --averaging-frequency, --batch-size-per-worker and "
                        + "--training-master only apply with --spark-master");
            }
            return null;
        }
        SparkOptions.Mode mode;
        if (trainingMaster == null || trainingMaster.equals("averaging")) {
            mode = SparkOptions.Mode.PARAMETER_AVERAGING;
        } else if (trainingMaster.equals("shared")) {
            mode = SparkOptions.Mode.SHARED_GRADIENTS;
            if (averagingFrequency != null) {
                throw new CliException("--averaging-frequency does not apply to --training-master shared (the "
                        + "workers share gradients continuously)");
            }
        } else {
            throw new CommandLine.ParameterException(spec.commandLine(), spec.qualifiedName() + ": --training-master "
                    + "expected averaging or shared, found " + trainingMaster);
        }
        SparkMasters.check(sparkMaster);
        if (mode == SparkOptions.Mode.SHARED_GRADIENTS && SparkMasters.localThreads(sparkMaster) < 0) {
            throw new CliException("--training-master shared on the command line runs on local masters only (it "
                    + "needs the executors' network mask and the driver's address: use the Java API, "
                    + "SparkTrainer.sharedGradientNetwork, for " + sparkMaster + ")");
        }
        if (w < 0) {
            w = SparkMasters.localThreads(sparkMaster);
            if (w < 0) {
                throw new CliException("--spark-master " + sparkMaster + " is a cluster: give --workers (the number of "
                        + "executor cores that train in parallel)");
            }
        }
        if (b > 0) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--batch-size") && b != batchSize) {
                throw new CliException("--batch-size-per-worker " + b + " differs from --batch-size " + batchSize
                        + "; on Spark every worker minibatch is a batch of the run, give one of them");
            }
            batchSize = b;
        }
        return new SparkOptions(w, k > 0 ? k : 1, batchSize, mode);
    }

    /**
     * Trains the run on Spark (the context lives only for the training) with the run's batch size per worker
     * minibatch: a resumed run keeps its checkpoint's, and an explicit --batch-size-per-worker must agree.
     *
     * @return the options trained with
     */
    private SparkOptions fitOnSpark(TrainingRun run, int totalEpochs, SparkOptions requested, File dir)
            throws IOException {
        int batch = run.info().batchSize();
        if (batchSizePerWorker != null && batchSizePerWorker != batch) {
            throw new CliException("--batch-size-per-worker " + batchSizePerWorker + " differs from the "
                    + "checkpoint's batch size " + batch);
        }
        SparkOptions options = new SparkOptions(requested.workers(), requested.averagingFrequency(), batch,
                requested.mode());
        File batches = new File(dir, SPARK_BATCHES);
        try (JavaSparkContext sc = SparkMasters.open(sparkMaster, "wsnn train " + run.info().model())) {
            run.fit(totalEpochs, ProgressBarProgress.on(noProgress ? null : System.err),
                    new SparkTrainer(sc, options, batches));
        } finally {
            java.nio.file.Files.deleteIfExists(batches.toPath());
        }
        return options;
    }

    /**
     * Continues the run in {@code dir} ({@link TrainingRun#resume}) after checking that the options given
     * agree with its checkpoint; says on {@code o} whether the optimizer state was restored.
     */
    private TrainingRun resume(File dir, File checkpoint, PrintWriter o) throws IOException {
        if (!checkpoint.isFile()) {
            throw new CliException("--resume: no checkpoint to resume from in " + dir.getPath() + " (expected "
                    + checkpoint.getPath() + "); run without --resume to start training");
        }
        TrainingRun run;
        try {
            requireAgreement(TrainingRun.checkpointInfo(dir));
            run = TrainingRun.resume(dir, dataDir, testExamples == null ? -1 : testExamples, freshUpdater);
        } catch (InputException e) {
            throw new CliException("--resume: " + e.getMessage().replace("(--fresh-updater)", "give --fresh-updater"),
                    e);
        }
        TrainingRun.Resumption r = run.resumption();
        CheckpointInfo info = run.info();
        o.printf("resuming from %s: %d epoch(s) done, iteration %d, %s%s%n", checkpoint.getPath(), info.epoch(),
                info.iteration(), r.updaterRestored() ? "updater state restored"
                        : "fresh optimizer (--fresh-updater" + (r.hadUpdaterState() ? "; the checkpoint's updater state is "
                        + "ignored" : "; the checkpoint has no updater state") + ")",
                r.removedTemporaries() > 0 ? "; removed " + r.removedTemporaries()
                        + " temporary file(s) of an interrupted write" : "");
        o.flush();
        return run;
    }

    /** On --resume the run's settings come from the checkpoint; explicit options must agree with it. */
    private void requireAgreement(CheckpointInfo info) {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        agree(given, "--model", model.cliName(), ModelChoice.parse(info.model()).cliName());
        agree(given, "--data", data.cliName(), DataChoice.parse(info.data()).cliName());
        agree(given, "--seed", seed, info.seed());
        agree(given, "--channels", channels, info.channels());
        agree(given, "--batch-size", batchSize, info.batchSize());
        agree(given, "--train-examples", trainExamples, info.trainExamples());
        agree(given, "--recipe", recipe == null ? null : recipe.cliName(),
                ModelChoice.parse(info.model()).recipeName(info.recipe()));
    }

    private static void agree(CommandLine.ParseResult given, String option, Object value, Object stored) {
        if (given.hasMatchedOption(option) && !Objects.equals(value, stored)) {
            throw new CliException(option + " " + value + " differs from the checkpoint's " + stored
                    + "; drop " + option + " to continue the checkpoint, or choose another --out for a new run");
        }
    }

    private static int[][] confusion(Evaluation e) {
        if (e.getConfusionMatrix() == null) {
            return new int[0][0];
        }
        int n = e.getConfusionMatrix().getClasses().size();
        int[][] m = new int[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = e.getConfusionMatrix().getCount(i, j);
            }
        }
        return m;
    }
}
