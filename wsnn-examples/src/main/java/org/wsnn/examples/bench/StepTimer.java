package org.wsnn.examples.bench;

import org.bytedeco.javacpp.Pointer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Times repeated runs of an action: warm-up runs are discarded, the median of the timed runs is reported,
 * and the peak resident memory of the process (JavaCPP's {@link Pointer#physicalBytes()}, which includes
 * native ND4J buffers) is sampled after every run.
 */
final class StepTimer {

    /** Median milliseconds and peak resident bytes. */
    record Result(double medianMs, long peakBytes) {
        String peakMiB() {
            return String.format("%.0f", peakBytes / (1024.0 * 1024.0));
        }
    }

    private StepTimer() {
    }

    static Result time(Runnable action, int warmup, int runs) {
        long peak = Pointer.physicalBytes();
        for (int i = 0; i < warmup; i++) {
            action.run();
            peak = Math.max(peak, Pointer.physicalBytes());
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            action.run();
            ms.add((System.nanoTime() - t) / 1e6);
            peak = Math.max(peak, Pointer.physicalBytes());
        }
        Collections.sort(ms);
        double median = ms.size() % 2 == 1 ? ms.get(ms.size() / 2)
                : (ms.get(ms.size() / 2 - 1) + ms.get(ms.size() / 2)) / 2;
        return new Result(median, peak);
    }
}
