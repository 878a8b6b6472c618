package org.wsnn.examples.common;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.wsnn.train.TrainingProgress;

import java.io.PrintStream;

/**
 * The command line's {@link TrainingProgress}: one ASCII progress bar per epoch (images, ETA, and the
 * trainer's status line: loss and its parts, accuracy, images/s) on a terminal stream, redrawn at most
 * twice a second.
 */
public final class ProgressBarProgress implements TrainingProgress {

    private final PrintStream out;
    private ProgressBar bar;

    /** @param out where to draw, usually {@code System.err} */
    public ProgressBarProgress(PrintStream out) {
        this.out = out;
    }

    /** @return a progress bar on {@code out}, or {@link TrainingProgress#NONE} when {@code out} is null */
    public static TrainingProgress on(PrintStream out) {
        return out == null ? TrainingProgress.NONE : new ProgressBarProgress(out);
    }

    @Override
    public void epochStarted(String label, long images) {
        epochFinished();
        bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(images).setUnit(" img", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(out, 150)).build();
    }

    @Override
    public void stepped(long images, String status) {
        if (bar != null) {
            bar.stepTo(images);
            bar.setExtraMessage(status);
        }
    }

    @Override
    public void epochFinished() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
