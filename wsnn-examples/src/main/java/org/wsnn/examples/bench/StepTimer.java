package org.wsnn.examples.bench;

import org.bytedeco.javacpp.Pointer;

import java.util.ArrayList;
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
        return new Result(median(ms), peak);
    }

    /** Median of the values (mean of the middle two for an even count; NaN when empty). */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
