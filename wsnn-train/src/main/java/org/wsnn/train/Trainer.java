package org.wsnn.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wsnn.data.TransformedImageIterator;
import org.wsnn.layers.penalty.ScoreBreakdown;
import org.wsnn.layers.penalty.ScoreBreakdownListener;
import org.wsnn.layers.training.DivergenceGuard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The training loop behind {@code wsnn train} and {@code wsnn compare}, for any {@link ComputationGraph}
 * on a {@link TransformedImageIterator}: one {@code fit} per batch, progress within the epoch reported to a
 * {@link TrainingProgress} (loss and its parts — task, norm, entropy, weight decay
 * ({@link ScoreBreakdownListener}) — accuracy, images/s), the network's epoch counter advanced after each
 * epoch, and a callback (the checkpoint) after each epoch. A {@link DivergenceGuard} stops training at the
 * first NaN or infinite score with a {@link org.wsnn.layers.training.TrainingDivergedException}, before the
 * epoch's callback could save the damaged network.
 *
 * <p>Why not DL4J's {@code fit(iterator, epochs)} with a {@code CheckpointListener}: exact resume needs the
 * checkpoint taken only after the iterator's epoch has ended (the transform seed of an epoch depends on its
 * index) and written atomically with the normaliser and the run record ({@link
 * org.wsnn.train.checkpoint.Checkpoint}); {@code CheckpointListener} writes in place, without either, and
 * {@code fit(iterator)} wraps the iterator in an asynchronous prefetcher whose position cannot be restored.
 * The per-step statistics still come from DL4J {@link TrainingListener}s, and any listener the caller set
 * on the network (DL4J's {@code ScoreIterationListener}, {@code EvaluativeListener}, the UI's
 * {@code StatsListener}) keeps running.
 */
public final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    /**
     * One finished epoch.
     *
     * @param epoch     completed epochs after this one
     * @param seconds   wall time of the epoch
     * @param meanLoss  mean training score (loss + penalties) over its batches
     * @param accuracy  training accuracy over its batches
     * @param iteration completed training steps of the network
     * @param parts     mean of the score's parts over its batches: task loss, norm, entropy, weight decay
     */
    public record Epoch(int epoch, double seconds, double meanLoss, double accuracy, long iteration,
                        ScoreBreakdown parts) {
    }

    /** Called after every epoch, e.g. to write a checkpoint. */
    @FunctionalInterface
    public interface EpochListener {
        /** @param epoch the epoch just finished (the network's epoch counter is already advanced) */
        void epochDone(Epoch epoch) throws IOException;
    }

    /**
     * A training loop with {@link #train}'s contract: trains epochs {@code fromEpoch .. toEpoch-1} of the
     * iterator's data, advances the network's epoch counter after each and calls the listener. {@code
     * Trainer::train} is the single-machine loop; wsnn-spark's distributed trainer is another.
     */
    @FunctionalInterface
    public interface Loop {
        /** @return the epochs trained */
        List<Epoch> train(ComputationGraph net, TransformedImageIterator train, int fromEpoch, int toEpoch,
                          String name, TrainingProgress progress, EpochListener listener) throws IOException;
    }

    private Trainer() {
    }

    /**
     * Trains epochs {@code fromEpoch .. toEpoch-1}. The iterator is first advanced to {@code fromEpoch}, so
     * a resumed run sees the same transforms and order as an uninterrupted one.
     *
     * @param net       the network (its listeners are restored afterwards)
     * @param train     training iterator, at epoch 0 or {@code fromEpoch}
     * @param fromEpoch completed epochs so far
     * @param toEpoch   epochs to have completed at the end
     * @param name      label of the run in progress reports and the log
     * @param progress  where to report progress within an epoch ({@link TrainingProgress#NONE} or null for nowhere)
     * @param listener  called after every epoch, or null
     * @return the epochs trained
     */
    public static List<Epoch> train(ComputationGraph net, TransformedImageIterator train, int fromEpoch, int toEpoch,
            String name, TrainingProgress progress, EpochListener listener) throws IOException {
        TrainingProgress report = progress == null ? TrainingProgress.NONE : progress;
        while (train.epoch() < fromEpoch) {
            train.reset();
        }
        Collection<TrainingListener> previous = new ArrayList<>(net.getListeners());
        BatchAccuracy accuracy = new BatchAccuracy();
        ScoreBreakdownListener parts = new ScoreBreakdownListener();
        List<TrainingListener> listeners = new ArrayList<>(previous);
        listeners.add(accuracy);
        listeners.add(parts);
        listeners.add(new DivergenceGuard());
        net.setListeners(listeners);
        List<Epoch> done = new ArrayList<>();
        try {
            for (int e = fromEpoch; e < toEpoch; e++) {
                accuracy.clear();
                parts.reset();
                double lossSum = 0;
                int batches = 0;
                long images = 0;
                long start = System.nanoTime();
                report.epochStarted(String.format("%s epoch %d/%d", name, e + 1, toEpoch), train.numExamples());
                try {
                    while (train.hasNext()) {
                        DataSet batch = train.next();
                        accuracy.expect(batch.getLabels());
                        net.fit(batch);
                        lossSum += net.score();
                        batches++;
                        images += batch.numExamples();
                        double seconds = (System.nanoTime() - start) / 1e9;
                        report.stepped(images, String.format("loss %.3f (%s) acc %.3f %.1f img/s", lossSum / batches,
                                parts.mean().shortLine(), accuracy.accuracy(), images / Math.max(seconds, 1e-9)));
                    }
                } finally {
                    report.epochFinished();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                net.getConfiguration().setEpochCount(e + 1);
                Epoch epoch = new Epoch(e + 1, seconds, lossSum / Math.max(1, batches), accuracy.accuracy(),
                        net.getConfiguration().getIterationCount(), parts.mean());
                log.info("{} epoch {}/{}: loss {} ({}), training accuracy {}, {} s ({} images/s)", name, e + 1, toEpoch,
                        String.format("%.4f", epoch.meanLoss()), epoch.parts() == null ? "no steps"
                                : epoch.parts().shortLine(), String.format("%.4f", epoch.accuracy()),
                        String.format("%.1f", seconds), String.format("%.1f", images / seconds));
                done.add(epoch);
                train.reset();
                if (listener != null) {
                    listener.epochDone(epoch);
                }
            }
        } finally {
            net.setListeners(previous);
        }
        return done;
    }

    /**
     * Evaluates a network on test data.
     *
     * @return DL4J's evaluation (accuracy, confusion matrix)
     */
    public static Evaluation evaluate(ComputationGraph net, TransformedImageIterator test) {
        test.reset();
        Evaluation evaluation = new Evaluation(test.getLabels(), 1);
        while (test.hasNext()) {
            DataSet batch = test.next();
            evaluation.eval(batch.getLabels(), net.outputSingle(false, batch.getFeatures()));
        }
        test.reset();
        return evaluation;
    }
}
