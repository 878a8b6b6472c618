package org.wsnn.examples.common;

import org.wsnn.core.Choices;
import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.train.registry.DataChoice;
import org.wsnn.train.registry.ModelChoice;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Picocli converters and completion candidates for the named choices (enums with a {@code cliName},
 * parsed by {@link Choices}): an unknown value gets "unknown WHAT 'VALUE'; expected one of: a, b, c".
 */
public final class CliChoices {

    private CliChoices() {
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

    /** The {@code --model} converter. */
    public static final class ModelConverter extends Converter<ModelChoice> {
        public ModelConverter() {
            super(ModelChoice::parse);
        }
    }

    /** The {@code --model} names for help texts. */
    public static final class ModelNames extends Names<ModelChoice> {
        public ModelNames() {
            super(ModelChoice.values(), ModelChoice::cliName);
        }
    }

    /** The {@code --data} converter. */
    public static final class DataConverter extends Converter<DataChoice> {
        public DataConverter() {
            super(DataChoice::parse);
        }
    }

    /** The {@code --data} names for help texts. */
    public static final class DataNames extends Names<DataChoice> {
        public DataNames() {
            super(DataChoice.values(), DataChoice::cliName);
        }
    }

    /** The {@code --recipe} converter. */
    public static final class RecipeConverter extends Converter<DiscoveryRecipe> {
        public RecipeConverter() {
            super(DiscoveryRecipe::parse);
        }
    }

    /** The {@code --recipe} names for help texts. */
    public static final class RecipeNames extends Names<DiscoveryRecipe> {
        public RecipeNames() {
            super(DiscoveryRecipe.values(), DiscoveryRecipe::cliName);
        }
    }
}
