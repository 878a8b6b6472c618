package org.wsnn.examples.common;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one way command-line choices (enums with a {@code cliName}) are parsed, listed and converted for
 * picocli: an unknown value gets "unknown WHAT 'VALUE'; expected one of: a, b, c".
 */
public final class CliChoices {

    private CliChoices() {
    }

    /** The valid command-line names, comma separated. */
    public static <E> String names(E[] values, Function<E, String> cliName) {
        return Arrays.stream(values).map(cliName).collect(Collectors.joining(", "));
    }

    /**
     * The first value that {@code matches} the input.
     *
     * @throws IllegalArgumentException naming the bad value and listing the valid choices
     */
    public static <E> E parse(E[] values, Function<E, String> cliName, String what, String input,
                              BiPredicate<E, String> matches) {
        if (input != null) {
            for (E value : values) {
                if (matches.test(value, input)) {
                    return value;
                }
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + input + "'; expected one of: "
                + names(values, cliName));
    }

    /** Picocli converter over a parse function; the error message lists the valid choices. */
    public abstract static class Converter<E> implements CommandLine.ITypeConverter<E> {
        private final Function<String, E> parse;

        protected Converter(Function<String, E> parse) {
            this.parse = parse;
        }

        @Override
        public E convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Picocli completion candidates: the command-line names. */
    public abstract static class Names<E> implements Iterable<String> {
        private final List<String> names;

        protected Names(E[] values, Function<E, String> cliName) {
            this.names = Arrays.stream(values).map(cliName).toList();
        }

        @Override
        public Iterator<String> iterator() {
            return names.iterator();
        }
    }
}
