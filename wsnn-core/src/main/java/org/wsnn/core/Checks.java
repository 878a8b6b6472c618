package org.wsnn.core;

import java.util.Arrays;

/**
 * The one validation path of wsnn: every check names the component, the field, what was expected and
 * what was found, and throws {@link IllegalArgumentException}.
 */
public final class Checks {

    private Checks() {
    }

    /** Requires {@code value ≥ 1}. */
    public static int positive(String owner, String field, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(owner + ": " + field + " must be positive, found " + value);
        }
        return (int) value;
    }

    /** Requires {@code value ≥ 0} and finite. */
    public static double nonNegative(String owner, String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + field + " must be a finite number >= 0, found " + value);
        }
        return value;
    }

    /** Requires {@code value > 0} and finite. */
    public static double strictlyPositive(String owner, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + field + " must be a finite number > 0, found " + value);
        }
        return value;
    }

    /** Requires {@code found == expected}. */
    public static void equal(String owner, String field, long expected, long found) {
        if (expected != found) {
            throw new IllegalArgumentException(owner + ": " + field + " expected " + expected + ", found " + found);
        }
    }

    /** Requires the given shape. */
    public static void shape(String owner, String field, long[] expected, long[] found) {
        if (!Arrays.equals(expected, found)) {
            throw new IllegalArgumentException(owner + ": " + field + " expected shape " + Arrays.toString(expected)
                    + ", found " + Arrays.toString(found));
        }
    }

    /** Requires a non-null value. */
    public static <T> T notNull(String owner, String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(owner + ": " + field + " must not be null");
        }
        return value;
    }
}
