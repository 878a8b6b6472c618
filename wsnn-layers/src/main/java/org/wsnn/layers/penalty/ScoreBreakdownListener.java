package org.wsnn.layers.penalty;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * A DL4J {@link org.deeplearning4j.optimize.api.TrainingListener} that splits every training step's
 * score into task loss, norm penalty, entropy penalty and weight decay ({@link ScoreBreakdown}). The split
 * is taken in {@link #onGradientCalculation}, when the score and the parameters it was computed from
 * belong together (before the update). Attach it with {@code net.addListeners(...)}; read
 * {@link #last()} or the mean since the last {@link #reset()} ({@link #mean()}), e.g. once per epoch.
 *
 * <pre>{@code
 * ScoreBreakdownListener parts = new ScoreBreakdownListener();
 * net.addListeners(parts);
 * net.fit(trainIterator);
 * System.out.println(parts.mean().shortLine());    // task 0.532 norm 0.118 ent 0.000 wd 0.409
 * }</pre>
 */
public class ScoreBreakdownListener extends BaseTrainingListener {

    /** Running sums of total, task, norm, entropy, weight decay and other since the last reset. */
    private final double[] sums = new double[6];
    private int steps;
    private ScoreBreakdown last;

    @Override
    public void onGradientCalculation(Model model) {
        last = ScoreBreakdown.of(model);
        sums[0] += last.total();
        sums[1] += last.task();
        sums[2] += last.norm();
        sums[3] += last.entropy();
        sums[4] += last.weightDecay();
        sums[5] += last.other();
        steps++;
    }

    /** The breakdown of the most recent step, or null before the first. */
    public ScoreBreakdown last() {
        return last;
    }

    /** The mean breakdown since the last {@link #reset()}, or null when no step was taken. */
    public ScoreBreakdown mean() {
        return steps == 0 ? null : new ScoreBreakdown(sums[0] / steps, sums[1] / steps, sums[2] / steps,
                sums[3] / steps, sums[4] / steps, sums[5] / steps);
    }

    /** Number of steps since the last {@link #reset()}. */
    public int steps() {
        return steps;
    }

    /** Starts a new averaging window (e.g. a new epoch). */
    public void reset() {
        java.util.Arrays.fill(sums, 0);
        steps = 0;
    }
}
