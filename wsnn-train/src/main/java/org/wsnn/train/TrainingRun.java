package org.wsnn.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;
import org.wsnn.data.TransformedImageIterator;
import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.layers.training.TrainingDivergedException;
import org.wsnn.train.checkpoint.AtomicFiles;
import org.wsnn.train.checkpoint.Checkpoint;
import org.wsnn.train.checkpoint.CheckpointInfo;
import org.wsnn.train.registry.DataChoice;
import org.wsnn.train.registry.ModelChoice;

import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * One training run in a folder: a new run ({@link #start}) or the continuation of one ({@link #resume}),
 * trained epoch by epoch with {@code DIR/checkpoint.zip} (model, updater state, normaliser and its
 * {@link CheckpointInfo}) replaced atomically after every epoch and {@code DIR/model.zip} (no updater state)
 * written at the end. A resumed run sees the same data order and transforms and the same optimizer state as
 * an uninterrupted one, so it ends bit-identical to it.
 *
 * <pre>{@code
 * TrainingRun run = TrainingRun.start(new TrainingRun.Settings(ModelChoice.WSCNN, DataChoice.ROTATED,
 *         null, 42, -1, 64, -1, -1), new File("runs/wscnn"));
 * run.fit(4, TrainingProgress.NONE);                 // later: TrainingRun.resume(dir, null, -1, false).fit(8, ...)
 * Evaluation eval = run.evaluate();
 * }</pre>
 */
public final class TrainingRun {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TrainingRun.class);

    /**
     * What a new run is made of.
     *
     * @param model         the zoo model
     * @param data          the data preset (its input shape must be the model's)
     * @param dataDir       folder holding the data, or null for the default search
     * @param seed          seed of initialisation, transforms and order
     * @param channels      channels per layer, or -1 for the paper's
     * @param batchSize     batch size (positive)
     * @param trainExamples training examples per epoch, or -1 for all
     * @param testExamples  test examples, or -1 for all
     * @param recipe        how the learned stacks are trained, or null for the paper's (only models with learned
     *                      stacks take one: {@link ModelChoice#learnsRepresentations()})
     */
    public record Settings(ModelChoice model, DataChoice data, File dataDir, long seed, int channels, int batchSize,
                           int trainExamples, int testExamples, DiscoveryRecipe recipe) {

        /** Settings with the paper's recipe. */
        public Settings(ModelChoice model, DataChoice data, File dataDir, long seed, int channels, int batchSize,
                        int trainExamples, int testExamples) {
            this(model, data, dataDir, seed, channels, batchSize, trainExamples, testExamples, null);
        }
    }

    /**
     * How a resumed run found its checkpoint.
     *
     * @param updaterRestored     whether the optimizer state was restored (else a fresh one was asked for)
     * @param hadUpdaterState     whether the checkpoint holds updater state at all
     * @param removedTemporaries  temporary files of an interrupted write that were removed
     */
    public record Resumption(boolean updaterRestored, boolean hadUpdaterState, int removedTemporaries) {
    }

    private final File dir;
    private final ComputationGraph net;
    private final TransformedImageIterator train;
    private final TransformedImageIterator test;
    private final Resumption resumption;
    private CheckpointInfo info;

    private TrainingRun(File dir, ComputationGraph net, CheckpointInfo info, TransformedImageIterator train,
                        TransformedImageIterator test, Resumption resumption) {
        this.dir = dir;
        this.net = net;
        this.info = info;
        this.train = train;
        this.test = test;
        this.resumption = resumption;
    }

    /**
     * Starts a new run: checks that the model takes the data and fits in memory and that the data loads,
     * before the folder is made or the network allocated.
     *
     * @param settings what the run is made of
     * @param dir      the run's folder (made if missing; files of an earlier run in it are replaced)
     * @throws InputException for a model that does not take the data or does not fit, or data too small
     */
    public static TrainingRun start(Settings settings, File dir) throws IOException {
        ModelChoice model = settings.model();
        model.requireCompatible(settings.data());
        model.requireRecipe(settings.recipe());
        TransformedImageIterator test = settings.data().iterator(settings.dataDir(), false, settings.testExamples(),
                settings.batchSize(), settings.seed());
        TransformedImageIterator train = settings.data().iterator(settings.dataDir(), true,
                settings.trainExamples(), settings.batchSize(), settings.seed());
        model.requireFits(settings.channels(), settings.batchSize());
        createFolder(dir);
        ComputationGraph net = model.build(settings.channels(), settings.seed(), settings.recipe());
        CheckpointInfo info = new CheckpointInfo(CheckpointInfo.FORMAT, model.cliName(), settings.data().cliName(),
                settings.dataDir() == null ? null : settings.dataDir().getPath(), settings.seed(),
                settings.channels() > 0 ? settings.channels() : model.defaultChannels(), settings.batchSize(),
                train.numExamples(), test.numExamples(), 0, 0, List.of(), Double.NaN, Double.NaN, null,
                model.recipeName(settings.recipe()));
        return new TrainingRun(dir, net, info, train, test, null);
    }

    /**
     * The record of the checkpoint a run would resume from.
     *
     * @throws InputException when the folder holds no checkpoint written by wsnn
     */
    public static CheckpointInfo checkpointInfo(File dir) {
        File checkpoint = checkpointFile(dir);
        if (!checkpoint.isFile()) {
            throw new InputException("no checkpoint to resume from in " + dir.getPath() + " (expected "
                    + checkpoint.getPath() + ")");
        }
        return Checkpoint.readInfo(checkpoint).orElseThrow(() -> new InputException(checkpoint.getPath()
                + " has no " + Checkpoint.INFO_ENTRY + ": it was not written by a wsnn training run"));
    }

    /**
     * Continues a run from {@code DIR/checkpoint.zip} with its recorded settings: the network is checked
     * against the recorded architecture and for finite parameters, and its updater state must be there
     * unless {@code freshUpdater} asks for a fresh optimizer.
     *
     * @param dir          the run's folder
     * @param dataDir      where the data is now, or null for the recorded place
     * @param testExamples test examples, or -1 for the recorded number
     * @param freshUpdater continue with a fresh optimizer (Adam moments and step count reset)
     * @throws InputException for a missing, foreign or damaged checkpoint, or one without updater state
     *                        when {@code freshUpdater} is false
     */
    public static TrainingRun resume(File dir, File dataDir, int testExamples, boolean freshUpdater)
            throws IOException {
        File checkpoint = checkpointFile(dir);
        CheckpointInfo info = checkpointInfo(dir);
        ModelChoice model = ModelChoice.parse(info.model());
        DataChoice data = DataChoice.parse(info.data());
        boolean hasUpdater = Checkpoint.hasUpdaterState(checkpoint);
        if (!hasUpdater && !freshUpdater) {
            throw new InputException(checkpoint.getPath() + " has no updater state (no updaterState.bin: it is a "
                    + "final model or a copy, not a training checkpoint), so training cannot continue exactly; ask "
                    + "for a fresh optimizer (--fresh-updater) to continue anyway");
        }
        File dataFolder = dataDir != null ? dataDir : info.dataDir() == null ? null : new File(info.dataDir());
        int tests = testExamples > 0 ? testExamples : info.testExamples();
        TransformedImageIterator test = data.iterator(dataFolder, false, tests, info.batchSize(), info.seed());
        TransformedImageIterator train = data.iterator(dataFolder, true, info.trainExamples(), info.batchSize(),
                info.seed());
        ComputationGraph net = Checkpoint.load(checkpoint, hasUpdater && !freshUpdater);
        Checkpoint.requireArchitecture(net, model.configuration(info.channels(), info.seed()), checkpoint,
                info.model() + " with " + info.channels() + " channels");
        Checkpoint.requireFiniteParameters(net, checkpoint.getPath());
        int removed = AtomicFiles.removeStaleTemporaries(checkpoint.toPath());
        return new TrainingRun(dir, net, info, train, test,
                new Resumption(hasUpdater && !freshUpdater, hasUpdater, removed));
    }

    /**
     * Trains until {@code totalEpochs} epochs are complete, replacing the checkpoint after each, then writes
     * the final model. Nothing is trained when they already are.
     *
     * @return the epochs trained now
     * @throws TrainingDivergedException at a NaN or infinite score, saying which checkpoint was kept
     */
    public List<Trainer.Epoch> fit(int totalEpochs, TrainingProgress progress) throws IOException {
        return fit(totalEpochs, progress, Trainer::train);
    }

    /**
     * As {@link #fit(int, TrainingProgress)}, with another training loop (e.g. distributed training on Spark):
     * the checkpoints, the final model and exact resume are the run's, whichever loop trains.
     */
    public List<Trainer.Epoch> fit(int totalEpochs, TrainingProgress progress, Trainer.Loop loop) throws IOException {
        File checkpoint = checkpointFile(dir);
        List<Trainer.Epoch> epochs;
        try {
            epochs = loop.train(net, train, info.epoch(), totalEpochs, info.model(), progress, epoch -> {
                info = info.nextEpoch(epoch.iteration(), epoch.seconds(), epoch.meanLoss(), epoch.accuracy(),
                        epoch.parts() == null ? null : epoch.parts().toMap());
                Checkpoint.save(net, info, checkpoint.toPath(), true, normalizer());
                log.info("checkpoint after epoch {}: {}", epoch.epoch(), checkpoint.getPath());
            });
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException(e, "nothing was written for this epoch, "
                    + (info.epoch() > 0 ? "the last good checkpoint " + checkpoint.getPath() + " (epoch "
                    + info.epoch() + ") is kept" : "no checkpoint had been written yet"));
        }
        Checkpoint.save(net, info, modelFile().toPath(), false, normalizer());
        return epochs;
    }

    /** @return DL4J's evaluation of the network on the test split */
    public Evaluation evaluate() {
        return Trainer.evaluate(net, test);
    }

    /** @return the network being trained */
    public ComputationGraph network() {
        return net;
    }

    /** @return the run's record: settings, completed epochs and steps, times and losses */
    public CheckpointInfo info() {
        return info;
    }

    /** @return the run's folder */
    public File folder() {
        return dir;
    }

    /** @return the training data */
    public TransformedImageIterator trainData() {
        return train;
    }

    /** @return the test data */
    public TransformedImageIterator testData() {
        return test;
    }

    /** @return how the checkpoint was found, or null for a new run */
    public Resumption resumption() {
        return resumption;
    }

    /** @return the per-epoch training checkpoint, {@code DIR/checkpoint.zip} */
    public File checkpoint() {
        return checkpointFile(dir);
    }

    /** @return the final model, {@code DIR/model.zip} */
    public File modelFile() {
        return new File(dir, Checkpoint.MODEL_FILE);
    }

    /** @return the checkpoint file of a run folder */
    public static File checkpointFile(File dir) {
        return new File(dir, Checkpoint.CHECKPOINT_FILE);
    }

    /** The iterator's input normalisation (a DL4J normaliser), stored in every model file the run writes. */
    private Normalizer<?> normalizer() {
        return train.getPreProcessor() instanceof Normalizer<?> n ? n : null;
    }

    private static void createFolder(File dir) throws IOException {
        if (!dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
            throw new IOException("cannot create the run folder " + dir.getPath());
        }
    }
}
