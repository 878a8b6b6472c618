package org.wsnn.layers.training;

/**
 * Training produced a NaN or infinite score; thrown by {@link DivergenceGuard} out of {@code fit}. The
 * network's parameters after this step may be damaged: do not save it, go back to the last checkpoint.
 */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long iteration;
    private final int epoch;
    private final double score;

    /**
     * @param iteration the network's iteration count at the step that diverged
     * @param epoch     the network's epoch count
     * @param score     the score found (NaN or infinite)
     * @param cause     what was found to cause it, e.g. "the batch's features hold 3 NaN value(s)"
     */
    public TrainingDivergedException(long iteration, int epoch, double score, String cause) {
        super("training diverged at iteration " + iteration + " (epoch " + epoch + "): score " + score
                + (cause == null ? "" : "; " + cause));
        this.iteration = iteration;
        this.epoch = epoch;
        this.score = score;
    }

    /**
     * The same divergence with what the caller did about it appended, e.g. which checkpoint was kept.
     *
     * @param original the divergence as the guard found it
     * @param addendum what follows "; " in the message
     */
    public TrainingDivergedException(TrainingDivergedException original, String addendum) {
        super(original.getMessage() + "; " + addendum, original);
        this.iteration = original.iteration;
        this.epoch = original.epoch;
        this.score = original.score;
    }

    /** @return the iteration at which the score stopped being finite */
    public long getIteration() {
        return iteration;
    }

    /** @return the epoch count at that step */
    public int getEpoch() {
        return epoch;
    }

    /** @return the non-finite score */
    public double getScore() {
        return score;
    }
}
