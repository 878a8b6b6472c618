package org.wsnn.train.registry;

import org.wsnn.core.Choices;
import org.wsnn.train.InputException;
import org.wsnn.data.ImageTask;
import org.wsnn.data.TransformedImageIterator;

import java.io.File;
import java.io.IOException;
import java.util.Locale;

/**
 * The {@code --data} choices, each an {@link ImageTask} preset. MNIST-family data (MNIST, Fashion-MNIST, 1×28×28)
 * comes from {@code --data-dir} or the default search of {@link org.wsnn.data.IdxDataset}; CIFAR-10 (3×32×32, the
 * binary version: {@code data_batch_1..5.bin}, {@code test_batch.bin}) from {@code --data-dir} (the folder or its
 * parent) or the default search described in docs/data.md.
 */
public enum DataChoice {
    /** MNIST-family digits with no transformation at all (the negative control of symmetry discovery). */
    PLAIN("plain", ImageTask.MNIST, false),
    /** Rotations U[0°, 360°). */
    ROTATED("rotated", ImageTask.ROTATED, false),
    /** Rotations U[0°, 90°). */
    PARTIAL_ROTATED_90("partial-rotated-90", ImageTask.ROTATED_90, false),
    /** Rotations U[0°, 180°). */
    PARTIAL_ROTATED_180("partial-rotated-180", ImageTask.ROTATED_180, false),
    /** Scale factors U[0.3, 1.0). */
    SCALED("scaled", ImageTask.SCALED, false),
    /** CIFAR-10, untransformed, per-channel normalisation. */
    CIFAR10("cifar10", ImageTask.CIFAR10, true);

    /** Input shape of MNIST-family images (channels×height×width). */
    static final String MNIST_SHAPE = "1×28×28";
    /** Input shape of CIFAR-10 images (channels×height×width). */
    static final String CIFAR_SHAPE = "3×32×32";

    private final String cliName;
    private final ImageTask task;
    private final boolean cifar;

    DataChoice(String cliName, ImageTask task, boolean cifar) {
        this.cliName = cliName;
        this.task = task;
        this.cifar = cifar;
    }

    /** @return the name on the command line */
    public String cliName() {
        return cliName;
    }

    /** @return the iterator preset */
    public ImageTask task() {
        return task;
    }

    /** @return whether this is CIFAR-10 (3×32×32) rather than MNIST-family data (1×28×28) */
    public boolean isCifar() {
        return cifar;
    }

    /** @return the image shape {channels, height, width} */
    public int[] shape() {
        return cifar ? new int[]{3, 32, 32} : new int[]{1, 28, 28};
    }

    /** @return the image shape, "3×32×32" or "1×28×28" */
    public String inputShape() {
        return cifar ? CIFAR_SHAPE : MNIST_SHAPE;
    }

    /**
     * An iterator over this data.
     *
     * @param dataDir     folder holding the IDX (or CIFAR-10 binary) files, or null for the default search
     * @param train       training split (transformed afresh each epoch) or test split (transformed once)
     * @param numExamples examples per epoch, or -1 for all
     * @param batchSize   batch size, or -1 for the preset's (64)
     * @param seed        seed of transforms and shuffling
     * @throws org.wsnn.data.DataNotFoundException when no data is found (the message lists where it looked)
     * @throws InputException                        when the data is too small
     */
    public TransformedImageIterator iterator(File dataDir, boolean train, int numExamples, int batchSize, long seed)
            throws IOException {
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
            throw new InputException((train ? "training" : "test") + " data: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a name (case-insensitive).
     *
     * @throws IllegalArgumentException listing every valid choice
     */
    public static DataChoice parse(String name) {
        return Choices.parse(values(), DataChoice::cliName, "data", name,
                (choice, input) -> choice.cliName.equals(input.toLowerCase(Locale.ROOT)));
    }
}
