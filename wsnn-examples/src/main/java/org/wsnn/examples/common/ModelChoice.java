package org.wsnn.examples.common;

import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code --model} choices (zoo classes {@link org.wsnn.zoo.WSCNN}, {@link org.wsnn.zoo.GCNN},
 * {@link org.wsnn.zoo.CNN}; the fully qualified names are needed because the constants share them). The MNIST family is in the zoo; the CIFAR-10 ResNet family is accepted by
 * the parser (so the error can say so) but not available yet.
 */
public enum ModelChoice {
    /** Learned weight sharing (paper: WSCNN + norm, 32 channels, G = 4). */
    WSCNN("wscnn", true, 32),
    /** C4 group CNN (16 channels). */
    GCNN("gcnn", true, 16),
    /** Plain CNN (64 channels). */
    CNN("cnn", true, 64),
    /** CIFAR-10 weight-sharing ResNet (not in the zoo yet). */
    WSRESNET("wsresnet", false, 32),
    /** CIFAR-10 C4 ResNet (not in the zoo yet). */
    GRESNET("gresnet", false, 32),
    /** CIFAR-10 plain ResNet (not in the zoo yet). */
    RESNET("resnet", false, 32);

    private final String cliName;
    private final boolean available;
    private final int defaultChannels;

    ModelChoice(String cliName, boolean available, int defaultChannels) {
        this.cliName = cliName;
        this.available = available;
        this.defaultChannels = defaultChannels;
    }

    /** @return the name on the command line */
    public String cliName() {
        return cliName;
    }

    /** @return whether the zoo can build it */
    public boolean isAvailable() {
        return available;
    }

    /** @return the paper's channel count (the zoo builder's default) */
    public int defaultChannels() {
        return defaultChannels;
    }

    /** @return whether the model has learned representation stacks */
    public boolean learnsRepresentations() {
        return this == WSCNN || this == WSRESNET;
    }

    /**
     * Builds and initialises the network.
     *
     * @param channels channels per layer, or -1 for the paper's default
     * @param seed     initialisation seed
     * @throws CliException when the model is not available yet
     */
    public ComputationGraph build(int channels, long seed) {
        requireAvailable();
        int c = channels > 0 ? channels : defaultChannels;
        return switch (this) {
            case WSCNN -> org.wsnn.zoo.WSCNN.builder().channels(c).seed(seed).build().init();
            case GCNN -> org.wsnn.zoo.GCNN.builder().channels(c).seed(seed).build().init();
            case CNN -> org.wsnn.zoo.CNN.builder().channels(c).seed(seed).build().init();
            default -> throw new IllegalStateException("unreachable: " + this);
        };
    }

    /** Throws a {@link CliException} naming what is available when this model is not. */
    public void requireAvailable() {
        if (!available) {
            throw new CliException("--model " + cliName + " is not available yet (the CIFAR-10 ResNet family is "
                    + "not in the zoo); available: " + availableNames());
        }
    }

    /** @return the available names, comma separated */
    public static String availableNames() {
        return Arrays.stream(values()).filter(ModelChoice::isAvailable).map(ModelChoice::cliName)
                .collect(Collectors.joining(", "));
    }

    /**
     * Parses a command-line name (case-insensitive).
     *
     * @throws IllegalArgumentException listing every valid choice
     */
    public static ModelChoice parse(String name) {
        for (ModelChoice m : values()) {
            if (m.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; expected one of: "
                + Arrays.stream(values()).map(ModelChoice::cliName).collect(Collectors.joining(", "))
                + " (available now: " + availableNames() + ")");
    }

    /** Picocli converter: the error lists the valid choices. */
    public static final class Converter implements CommandLine.ITypeConverter<ModelChoice> {
        @Override
        public ModelChoice convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Names for help texts. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(ModelChoice::cliName).iterator();
        }
    }
}
