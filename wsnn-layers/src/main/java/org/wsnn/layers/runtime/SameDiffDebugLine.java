package org.wsnn.layers.runtime;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Keeps a debug line of DL4J 1.0.0-M2.1 off standard output: {@code SameDiff.createGradFunction} prints
 * {@code "Added differentiated op <name>"} with {@code System.out.println} for every op while it builds a
 * layer's gradient function (the first backward pass of a SameDiff layer). While an action runs,
 * {@code System.out} is a stream that drops exactly those lines and passes everything else on to the
 * original stream; afterwards the original is put back (unless someone else replaced it meanwhile).
 */
final class SameDiffDebugLine {

    /** What the DL4J line starts with. */
    static final String PREFIX = "Added differentiated op ";

    private SameDiffDebugLine() {
    }

    static <T> T suppressedDuring(Supplier<T> action) {
        PrintStream original = System.out;
        Filter filter = new Filter(original);
        System.setOut(filter);
        try {
            return action.get();
        } finally {
            if (System.out == filter) {
                System.setOut(original);
            }
        }
    }

    /** Passes everything to the original stream except {@code println} of a line with {@link #PREFIX}. */
    private static final class Filter extends PrintStream {
        private final PrintStream target;

        Filter(PrintStream target) {
            super(target, true);
            this.target = target;
        }

        @Override
        public void println(String line) {
            if (line == null || !line.startsWith(PREFIX)) {
                target.println(line);
            }
        }
    }
}
