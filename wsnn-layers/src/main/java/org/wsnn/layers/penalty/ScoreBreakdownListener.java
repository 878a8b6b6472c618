package org.wsnn.layers.penalty;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

import java.util.ArrayList;
import java.util.List;

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

    private final List<ScoreBreakdown> since = new ArrayList<>();
    private ScoreBreakdown last;

    @Override
    public void onGradientCalculation(Model model) {
        last = ScoreBreakdown.of(model);
        since.add(last);
    }

    /** The breakdown of the most recent step, or null before the first. */
    public ScoreBreakdown last() {
        return last;
    }

    /** The mean breakdown since the last {@link #reset()}, or null when no step was taken. */
    public ScoreBreakdown mean() {
        return since.isEmpty() ? null : ScoreBreakdown.mean(since);
    }

    /** Number of steps since the last {@link #reset()}. */
    public int steps() {
        return since.size();
    }

    /** Starts a new averaging window (e.g. a new epoch). */
    public void reset() {
        since.clear();
    }
}
