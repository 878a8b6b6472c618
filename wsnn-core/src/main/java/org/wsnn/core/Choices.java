package org.wsnn.core;

import java.util.Arrays;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one way named choices (enums with a short command-line name, such as wsnn's model, data, task and
 * recipe choices) are parsed and listed: an unknown value gets
 * "unknown WHAT 'VALUE'; expected one of: a, b, c".
 */
public final class Choices {

    private Choices() {
    }

    /** The valid names, comma separated. */
    public static <E> String names(E[] values, Function<E, String> name) {
        return Arrays.stream(values).map(name).collect(Collectors.joining(", "));
    }

    /**
     * The first value that {@code matches} the input.
     *
     * @throws IllegalArgumentException naming the bad value and listing the valid choices
     */
    public static <E> E parse(E[] values, Function<E, String> name, String what, String input,
                              BiPredicate<E, String> matches) {
        if (input != null) {
            for (E value : values) {
                if (matches.test(value, input)) {
                    return value;
                }
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + input + "'; expected one of: "
                + names(values, name));
    }
}
