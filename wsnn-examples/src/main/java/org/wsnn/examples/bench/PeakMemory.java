package org.wsnn.examples.bench;

import org.bytedeco.javacpp.Pointer;

/**
 * Peak resident memory of this process above a baseline, sampled by a background thread.
 *
 * <p>ND4J keeps its arrays in native memory, so the Java heap says little about a layer's cost; JavaCPP's
 * {@link Pointer#physicalBytes()} reads the resident set size (RSS) of the whole process — native buffers,
 * the Java heap, oneDNN scratch space — and is sampled every {@code periodMs}. The result is
 * max(RSS) − RSS(at start): what running the measured code added to the process, including memory that the
 * allocators keep after it was freed.
 */
final class PeakMemory implements AutoCloseable {

    private final long baseline;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peak;

    private PeakMemory(int periodMs) {
        baseline = Pointer.physicalBytes();
        peak = baseline;
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "peak-memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts sampling; the baseline is the RSS now. */
    static PeakMemory start(int periodMs) {
        return new PeakMemory(periodMs);
    }

    private void sample() {
        long now = Pointer.physicalBytes();
        if (now > peak) {
            peak = now;
        }
    }

    /** Peak RSS minus the baseline so far, in bytes (sampled once more now). */
    long peakAboveBaseline() {
        sample();
        return peak - baseline;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
