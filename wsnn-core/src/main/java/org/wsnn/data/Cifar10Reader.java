package org.wsnn.data;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for the CIFAR-10 binary version ({@code cifar-10-binary.tar.gz}, unpacked).
 *
 * <p>Each file is a sequence of 3,073-byte records: one label byte in [0, 9], then 3,072 pixel bytes,
 * channel-planar (1,024 red, 1,024 green, 1,024 blue), each plane 32×32 row-major. The training split is
 * {@code data_batch_1.bin … data_batch_5.bin} (50,000 images), the test split {@code test_batch.bin}
 * (10,000). The folder may be the one holding the files or its parent holding
 * {@code cifar-10-batches-bin/}. There is no default folder: the data is not installed on these machines.
 */
public final class Cifar10Reader {

    /** Image side in pixels. */
    public static final int SIZE = 32;
    /** Channels (R, G, B). */
    public static final int CHANNELS = 3;
    /** Bytes per record: one label byte plus 3 × 32 × 32 pixel bytes. */
    public static final int RECORD_BYTES = 1 + CHANNELS * SIZE * SIZE;
    /** Number of classes. */
    public static final int NUM_CLASSES = 10;
    /** Class names in label order. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    private static final String HOW_TO_GET = "CIFAR-10 is not installed on these machines: download the binary "
            + "version (cifar-10-binary.tar.gz) from the CIFAR-10 home page, unpack it and name the folder "
            + "cifar-10-batches-bin (or its parent) with dataDir(...).";

    private Cifar10Reader() {
    }

    /**
     * @param train training split (5 files) or test split (1 file)
     * @return the split's file names in reading order
     */
    public static List<String> fileNames(boolean train) {
        if (!train) {
            return List.of("test_batch.bin");
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            names.add("data_batch_" + i + ".bin");
        }
        return names;
    }

    /**
     * Loads one split.
     *
     * @param dir   folder holding the {@code .bin} files, or its parent holding {@code cifar-10-batches-bin/}
     * @param train training or test split
     * @return 3-channel 32×32 images with labels in [0, 10)
     * @throws DataNotFoundException if the folder or a file is missing
     * @throws DataFormatException   if a file is not a whole number of records or holds a label above 9
     * @throws IOException           if a file cannot be read
     */
    public static LabeledImages load(File dir, boolean train) throws IOException {
        if (dir == null) {
            throw new DataNotFoundException("No CIFAR-10 folder named. " + HOW_TO_GET, List.of());
        }
        File folder = new File(dir, "cifar-10-batches-bin").isDirectory() ? new File(dir, "cifar-10-batches-bin")
                : dir;
        if (!folder.isDirectory()) {
            throw new DataNotFoundException("CIFAR-10 folder " + dir + (dir.exists() ? " is not a directory. "
                    : " does not exist. ") + HOW_TO_GET, List.of(dir));
        }
        List<File> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : fileNames(train)) {
            File f = new File(folder, name);
            if (f.isFile()) {
                files.add(f);
            } else {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new DataNotFoundException("CIFAR-10 folder " + folder + ": expected " + fileNames(train)
                    + ", missing " + missing + ". " + HOW_TO_GET, List.of(folder));
        }
        return read(files);
    }

    /**
     * Reads and concatenates CIFAR-10 binary files.
     *
     * @param files files in the CIFAR-10 binary record layout
     * @return their records, in file order
     * @throws IOException if a file is unreadable or malformed
     */
    public static LabeledImages read(List<File> files) throws IOException {
        long total = 0;
        for (File f : files) {
            long length = f.length();
            if (length == 0 || length % RECORD_BYTES != 0) {
                throw new DataFormatException(f, "wrong CIFAR-10 record size: expected a positive multiple of "
                        + RECORD_BYTES + " bytes (1 label byte + 3072 pixel bytes per record), found " + length
                        + " bytes (" + (length / RECORD_BYTES) + " records and " + (length % RECORD_BYTES)
                        + " bytes left over)");
            }
            total += length / RECORD_BYTES;
        }
        int pixelsPer = RECORD_BYTES - 1;
        byte[] pixels = new byte[Math.toIntExact(total * pixelsPer)];
        int[] labels = new int[(int) total];
        int n = 0;
        for (File f : files) {
            if (!f.canRead()) {
                throw new IOException("CIFAR-10 file " + f + " is not readable (check its permissions)");
            }
            byte[] bytes = Files.readAllBytes(f.toPath());
            if (bytes.length % RECORD_BYTES != 0) {
                throw new DataFormatException(f, "expected a multiple of " + RECORD_BYTES + " bytes, found "
                        + bytes.length + " (file changed while reading)");
            }
            for (int r = 0; r < bytes.length / RECORD_BYTES; r++, n++) {
                int label = bytes[r * RECORD_BYTES] & 0xFF;
                if (label >= NUM_CLASSES) {
                    throw new DataFormatException(f, "record " + r + ": expected a label in [0, 9], found "
                            + label);
                }
                labels[n] = label;
                System.arraycopy(bytes, r * RECORD_BYTES + 1, pixels, n * pixelsPer, pixelsPer);
            }
        }
        return new LabeledImages(CHANNELS, SIZE, SIZE, pixels, labels, NUM_CLASSES);
    }
}
