package org.wsnn.examples.common;

import org.wsnn.data.ImageTask;
import org.wsnn.data.TransformedImageIterator;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code --data} choices, each an {@link ImageTask} preset. MNIST-family data (MNIST, Fashion-MNIST)
 * comes from {@code --data-dir} or the default search of {@link org.wsnn.data.IdxDataset}; CIFAR-10 is
 * accepted by the parser but not available yet (the zoo has no CIFAR-10 architecture).
 */
public enum DataChoice {
    /** Rotations U[0°, 360°). */
    ROTATED("rotated", ImageTask.ROTATED, true),
    /** Rotations U[0°, 90°). */
    PARTIAL_ROTATED_90("partial-rotated-90", ImageTask.ROTATED_90, true),
    /** Rotations U[0°, 180°). */
    PARTIAL_ROTATED_180("partial-rotated-180", ImageTask.ROTATED_180, true),
    /** Scale factors U[0.3, 1.0). */
    SCALED("scaled", ImageTask.SCALED, true),
    /** CIFAR-10 (not available yet). */
    CIFAR10("cifar10", ImageTask.CIFAR10, false);

    private final String cliName;
    private final ImageTask task;
    private final boolean available;

    DataChoice(String cliName, ImageTask task, boolean available) {
        this.cliName = cliName;
        this.task = task;
        this.available = available;
    }

    /** @return the name on the command line */
    public String cliName() {
        return cliName;
    }

    /** @return the iterator preset */
    public ImageTask task() {
        return task;
    }

    /** @return whether the commands can use it */
    public boolean isAvailable() {
        return available;
    }

    /**
     * An iterator over this data.
     *
     * @param dataDir     folder holding the IDX files, or null for the default search
     * @param train       training split (transformed afresh each epoch) or test split (transformed once)
     * @param numExamples examples per epoch, or -1 for all
     * @param batchSize   batch size, or -1 for the preset's (64)
     * @param seed        seed of transforms and shuffling
     * @throws org.wsnn.data.DataNotFoundException when no data is found (the message lists where it looked)
     * @throws CliException                        when the data is not available yet or too small
     */
    public TransformedImageIterator iterator(File dataDir, boolean train, int numExamples, int batchSize, long seed)
            throws IOException {
        requireAvailable();
        TransformedImageIterator.Builder b = task.builder().train(train).seed(seed);
        if (dataDir != null) {
            b.dataDir(dataDir);
        }
        if (batchSize > 0) {
            b.batchSize(batchSize);
        }
        if (numExamples > 0) {
            b.numExamples(numExamples);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CliException((train ? "training" : "test") + " data: " + e.getMessage(), e);
        }
    }

    /** Throws a {@link CliException} naming what is available when this data is not. */
    public void requireAvailable() {
        if (!available) {
            throw new CliException("--data " + cliName + " is not available yet (no CIFAR-10 architecture in the "
                    + "zoo); available: " + Arrays.stream(values()).filter(DataChoice::isAvailable)
                    .map(DataChoice::cliName).collect(Collectors.joining(", ")));
        }
    }

    /**
     * Parses a command-line name (case-insensitive).
     *
     * @throws IllegalArgumentException listing every valid choice
     */
    public static DataChoice parse(String name) {
        for (DataChoice d : values()) {
            if (d.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown data '" + name + "'; expected one of: "
                + Arrays.stream(values()).map(DataChoice::cliName).collect(Collectors.joining(", ")));
    }

    /** Picocli converter: the error lists the valid choices. */
    public static final class Converter implements CommandLine.ITypeConverter<DataChoice> {
        @Override
        public DataChoice convert(String value) {
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
            return Arrays.stream(values()).map(DataChoice::cliName).iterator();
        }
    }
}
