package org.wsnn.examples.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wsnn.data.TransformedImageIterator;
import org.deeplearning4j.util.CrashReportingUtil;
import org.wsnn.examples.common.AtomicFiles;
import org.wsnn.examples.common.Checkpoint;
import org.wsnn.examples.common.CheckpointInfo;
import org.wsnn.examples.common.CliException;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.common.DataChoice;
import org.wsnn.examples.common.ModelChoice;
import org.wsnn.examples.common.OutputPaths;
import org.wsnn.examples.common.RepresentationReport;
import org.wsnn.examples.common.Trainer;
import org.wsnn.layers.training.TrainingDivergedException;
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
    /** The files a run writes into its folder (a folder holding one needs --resume or --force). */
    private static final Predicate<String> WRITTEN = OutputPaths.named(List.of(Checkpoint.CHECKPOINT_FILE,
            Checkpoint.MODEL_FILE, METRICS_FILE, REPRESENTATIONS_FILE), ".png");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "M", converter = ModelChoice.Converter.class, defaultValue = "wscnn",
            completionCandidates = ModelChoice.Names.class,
            description = "Model: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); the *resnet models take cifar10, the others the MNIST family.")
    ModelChoice model;

    @Option(names = "--data", paramLabel = "D", converter = DataChoice.Converter.class, defaultValue = "rotated",
            completionCandidates = DataChoice.Names.class,
            description = "Data: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); cifar10 needs a *resnet model.")
    DataChoice data;

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
        File dir = out != null ? out : new File("wsnn-runs", "train-" + model.cliName() + "-" + data.cliName());
        File checkpoint = new File(OutputPaths.path("--out", dir).toFile(), Checkpoint.CHECKPOINT_FILE);
        PrintWriter o = spec.commandLine().getOut();

        ComputationGraph net = null;
        CheckpointInfo info = null;
        if (resume) {
            Resumed r = loadForResume(dir, checkpoint, o);
            net = r.net();
            info = r.info();
        } else {
            if (checkpoint.exists() && !force) {
                throw new CliException(dir.getPath() + " already holds a checkpoint (" + checkpoint.getName()
                        + "); use --resume to continue it, --force to start over, or choose another --out");
            }
            OutputPaths.folder("--out", dir, force, WRITTEN);
        }
        model.requireCompatible(data);

        // validate the data and the model's size before making the folder or allocating the model
        TransformedImageIterator test = data.iterator(dataDir, false, testExamples == null ? -1 : testExamples,
                batchSize, seed);
        TransformedImageIterator train = data.iterator(dataDir, true, trainExamples == null ? -1 : trainExamples,
                batchSize, seed);
        if (net == null) {
            model.requireFits(channels == null ? -1 : channels, batchSize);
        }
        OutputPaths.createFolder("--out", dir);
        // DL4J writes a memory crash dump on an out-of-memory error: into the run's folder, not the current one
        CrashReportingUtil.crashDumpOutputDirectory(dir);
        CrashReportingUtil.crashDumpsEnabled(true);
        if (net == null) {
            net = model.build(channels == null ? -1 : channels, seed);
            info = new CheckpointInfo(CheckpointInfo.FORMAT, model.cliName(), data.cliName(),
                    dataDir == null ? null : dataDir.getPath(), seed, channels == null ? model.defaultChannels() : channels,
                    batchSize, train.numExamples(), test.numExamples(), 0, 0, List.of(), Double.NaN, Double.NaN, null);
        }
        ParameterCounts counts = ParameterCounts.of(net);
        log.info("train: {} ({} channels, {} parameters) on {} ({} training / {} test images), {} epoch(s), batch {}, "
                        + "seed {}, output {}", model.cliName(), info.channels(), counts, data.cliName(),
                train.numExamples(), test.numExamples(), totalEpochs, batchSize, seed, dir.getAbsolutePath());
        if (info.epoch() >= totalEpochs) {
            o.printf("%d epoch(s) already done (--epochs %d): nothing to train, evaluating%n", info.epoch(), totalEpochs);
        }

        CheckpointInfo[] latest = {info};
        ComputationGraph trained = net;
        try {
            Trainer.train(net, train, info.epoch(), totalEpochs, model.cliName(), noProgress ? null : System.err,
                    epoch -> {
                        latest[0] = latest[0].nextEpoch(epoch.iteration(), epoch.seconds(), epoch.meanLoss(),
                                epoch.accuracy(), epoch.parts() == null ? null : epoch.parts().toMap());
                        Checkpoint.save(trained, latest[0], checkpoint.toPath(), true, normalizer(train));
                        log.info("checkpoint after epoch {}: {}", epoch.epoch(), checkpoint.getPath());
                    });
        } catch (TrainingDivergedException e) {
            throw new CliException(e.getMessage() + "; nothing was written for this epoch, "
                    + (latest[0].epoch() > 0 ? "the last good checkpoint " + checkpoint.getPath() + " (epoch "
                    + latest[0].epoch() + ") is kept" : "no checkpoint had been written yet"), e);
        }
        info = latest[0];
        Checkpoint.save(net, info, new File(dir, Checkpoint.MODEL_FILE).toPath(), false, normalizer(train));
        long start = System.nanoTime();
        Evaluation evaluation = Trainer.evaluate(net, test);
        double evalSeconds = (System.nanoTime() - start) / 1e9;
        o.println(evaluation.stats(false, true));

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("model", info.model());
        metrics.put("data", info.data());
        metrics.put("channels", info.channels());
        metrics.put("seed", info.seed());
        metrics.put("epochs", info.epoch());
        metrics.put("batchSize", info.batchSize());
        metrics.put("trainExamples", info.trainExamples());
        metrics.put("testExamples", test.numExamples());
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
            report.writePngs(dir);
        }
        o.printf("test accuracy %.4f on %d images; parameters %s; %.1f s per epoch; wrote %s%n", evaluation.accuracy(),
                test.numExamples(), counts, info.meanSecondsPerEpoch(), dir.getPath());
        o.flush();
        return 0;
    }

    /** The iterator's input normalisation (a DL4J normaliser), stored in every model file this run writes. */
    private static org.nd4j.linalg.dataset.api.preprocessor.Normalizer<?> normalizer(TransformedImageIterator it) {
        return it.getPreProcessor() instanceof org.nd4j.linalg.dataset.api.preprocessor.Normalizer<?> n ? n : null;
    }

    /** A run to continue: its network and its checkpoint's record. */
    private record Resumed(ComputationGraph net, CheckpointInfo info) {
    }

    /**
     * Loads the checkpoint of a run to continue: its settings, the network (checked against the recorded
     * architecture) and its updater state, which must be there unless {@code --fresh-updater} asks for a
     * fresh optimizer. Says on {@code o} which of the two it is.
     */
    private Resumed loadForResume(File dir, File checkpoint, PrintWriter o) {
        if (!checkpoint.isFile()) {
            throw new CliException("--resume: no checkpoint to resume from in " + dir.getPath() + " (expected "
                    + checkpoint.getPath() + "); run without --resume to start training");
        }
        CheckpointInfo info = Checkpoint.readInfo(checkpoint).orElseThrow(() -> new CliException("--resume: "
                + checkpoint.getPath() + " has no " + Checkpoint.INFO_ENTRY + ": it was not written by wsnn train"));
        applyCheckpointOptions(info);
        boolean hasUpdater = Checkpoint.hasUpdaterState(checkpoint);
        if (!hasUpdater && !freshUpdater) {
            throw new CliException("--resume: " + checkpoint.getPath() + " has no updater state (no "
                    + "updaterState.bin: it is a final model or a copy, not a training checkpoint), so training "
                    + "cannot continue exactly; give --fresh-updater to continue with a fresh optimizer");
        }
        ComputationGraph net = Checkpoint.load(checkpoint, hasUpdater && !freshUpdater);
        Checkpoint.requireArchitecture(net, model.configuration(info.channels(), info.seed()), checkpoint,
                info.model() + " with " + info.channels() + " channels");
        Checkpoint.requireFiniteParameters(net, "--resume: " + checkpoint.getPath());
        int removed;
        try {
            removed = AtomicFiles.removeStaleTemporaries(checkpoint.toPath());
        } catch (IOException e) {
            throw new CliException("--resume: cannot clean " + dir.getPath() + " (" + e.getMessage() + ")", e);
        }
        o.printf("resuming from %s: %d epoch(s) done, iteration %d, %s%s%n", checkpoint.getPath(), info.epoch(),
                info.iteration(), hasUpdater && !freshUpdater ? "updater state restored"
                        : "fresh optimizer (--fresh-updater" + (hasUpdater ? "; the checkpoint's updater state is "
                        + "ignored" : "; the checkpoint has no updater state") + ")",
                removed > 0 ? "; removed " + removed + " temporary file(s) of an interrupted write" : "");
        o.flush();
        return new Resumed(net, info);
    }

    /** On --resume the run's settings come from the checkpoint; explicit options must agree with it. */
    private void applyCheckpointOptions(CheckpointInfo info) {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        ModelChoice m = ModelChoice.parse(info.model());
        DataChoice d = DataChoice.parse(info.data());
        agree(given, "--model", model.cliName(), m.cliName());
        agree(given, "--data", data.cliName(), d.cliName());
        agree(given, "--seed", seed, info.seed());
        agree(given, "--channels", channels, info.channels());
        agree(given, "--batch-size", batchSize, info.batchSize());
        agree(given, "--train-examples", trainExamples, info.trainExamples());
        model = m;
        data = d;
        seed = info.seed();
        channels = info.channels();
        batchSize = info.batchSize();
        trainExamples = info.trainExamples();
        if (testExamples == null && info.testExamples() > 0) {
            testExamples = info.testExamples();
        }
        if (dataDir == null && info.dataDir() != null) {
            dataDir = new File(info.dataDir());
        }
    }

    private static void agree(CommandLine.ParseResult given, String option, Object value, Object stored) {
        if (given.hasMatchedOption(option) && !Objects.equals(value, stored)) {
            throw new CliException("--resume: " + option + " " + value + " differs from the checkpoint's " + stored
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
