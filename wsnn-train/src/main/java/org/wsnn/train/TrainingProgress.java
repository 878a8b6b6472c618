package org.wsnn.train;

/**
 * Where {@link Trainer} reports progress within an epoch: a progress bar on a terminal, a log, a UI, or
 * nothing ({@link #NONE}). The library draws nothing itself, so it needs no terminal library; the
 * {@code wsnn} command line plugs in a progress bar.
 */
public interface TrainingProgress {

    /** Reports nothing. */
    TrainingProgress NONE = new TrainingProgress() {
    };

    /**
     * An epoch starts.
     *
     * @param label  what is trained, e.g. "wscnn epoch 2/4"
     * @param images images the epoch will show
     */
    default void epochStarted(String label, long images) {
    }

    /**
     * A training step finished.
     *
     * @param images images shown so far in this epoch
     * @param status one line: mean loss and its parts, accuracy, images per second
     */
    default void stepped(long images, String status) {
    }

    /** The epoch finished (also called when it stops with an exception). */
    default void epochFinished() {
    }
}
