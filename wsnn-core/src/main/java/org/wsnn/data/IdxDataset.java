package org.wsnn.data;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and loads an MNIST-family data set (MNIST, Fashion-MNIST, EMNIST) stored as IDX files.
 *
 * <p>File names: {@code <prefix>train-images-idx3-ubyte} / {@code <prefix>train-labels-idx1-ubyte} for the
 * training split, {@code <prefix>t10k-…} or {@code <prefix>test-…} for the test split, each plain or with
 * {@code .gz} (the plain file wins when both exist). The prefix is empty for MNIST and Fashion-MNIST and
 * e.g. {@code "emnist-balanced-"} for EMNIST.
 *
 * <p>Folder: the one the caller names; when none is named, the first folder of {@link #defaultSearchPath()}
 * that holds the split's two files:
 * <ol>
 *   <li>DL4J's MNIST cache: {@code <dl4j resources>/data/MNIST}, where {@code <dl4j resources>} is the system
 *       property {@code org.deeplearning4j.resources.directory} or {@code ~/.deeplearning4j} (this is where
 *       DL4J 1.0.0-M2.1's {@code MnistFetcher} downloads to);</li>
 *   <li>{@code ~/MNIST} (DL4J releases before 1.0.0-beta);</li>
 *   <li>{@code /usr/share/datasets/fashion-mnist} (Debian: {@code apt-get install -y dataset-fashion-mnist}).</li>
 * </ol>
 * Nothing is downloaded and nothing is written.
 */
public final class IdxDataset {

    /** Folder of Debian's {@code dataset-fashion-mnist} package. */
    public static final File DEBIAN_FASHION_MNIST = new File("/usr/share/datasets/fashion-mnist");

    /** Classes of MNIST and Fashion-MNIST: labels of files without a prefix must lie in 0..9. */
    public static final int MNIST_CLASSES = 10;

    private static final String HOW_TO_GET = "To get data: 'apt-get install -y dataset-fashion-mnist' (Debian; "
            + "Fashion-MNIST into " + DEBIAN_FASHION_MNIST + "), or let DL4J's MnistDataSetIterator download "
            + "MNIST once into its cache, or name a folder holding the IDX files with dataDir(...).";

    private IdxDataset() {
    }

    /**
     * @return the folders searched when no folder is named, in order
     */
    public static List<File> defaultSearchPath() {
        String home = System.getProperty("user.home");
        String dl4j = System.getProperty("org.deeplearning4j.resources.directory");
        File dl4jBase = dl4j != null ? new File(dl4j) : new File(home, ".deeplearning4j");
        return List.of(new File(new File(dl4jBase, "data"), "MNIST"), new File(home, "MNIST"),
                DEBIAN_FASHION_MNIST);
    }

    /**
     * Loads one split.
     *
     * @param dir    folder holding the files, or {@code null} to search {@link #defaultSearchPath()}
     * @param train  {@code true} for the training split, {@code false} for the test split
     * @param prefix file-name prefix ({@code ""} for MNIST and Fashion-MNIST)
     * @return the split's images and labels
     * @throws DataNotFoundException if the folder or the files are missing (the message says where it looked)
     * @throws DataFormatException   if a file is malformed
     * @throws IOException           if a file cannot be read
     */
    public static LabeledImages load(File dir, boolean train, String prefix) throws IOException {
        File[] files = dir != null ? locateIn(dir, train, prefix) : search(defaultSearchPath(), train, prefix);
        // MNIST and Fashion-MNIST (no prefix) have 10 classes; EMNIST's splits have up to 62
        return IdxReader.read(files[0], files[1], prefix.isEmpty() ? MNIST_CLASSES : 256);
    }

    /**
     * Finds a split's two files in a named folder.
     *
     * @param dir    folder
     * @param train  training or test split
     * @param prefix file-name prefix
     * @return {images file, labels file}
     * @throws IOException if the folder is missing, unreadable or lacks the files
     */
    public static File[] locateIn(File dir, boolean train, String prefix) throws IOException {
        String problem = problemWith(dir);
        if (problem != null) {
            throw new DataNotFoundException("IDX data folder " + dir + " " + problem + ". " + HOW_TO_GET,
                    List.of(dir));
        }
        File[] files = find(dir, train, prefix);
        if (files[0] == null || files[1] == null) {
            throw new DataNotFoundException("IDX data folder " + dir + ": expected " + describe(train, prefix)
                    + ", found " + (files[0] == null ? "no images file" : files[0].getName())
                    + " and " + (files[1] == null ? "no labels file" : files[1].getName()) + ". " + HOW_TO_GET,
                    List.of(dir));
        }
        return files;
    }

    /**
     * Finds a split's two files in the first folder of a search path that holds both.
     *
     * @param path   folders to try in order
     * @param train  training or test split
     * @param prefix file-name prefix
     * @return {images file, labels file}
     * @throws DataNotFoundException if no folder qualifies; the message lists each folder and why not
     */
    public static File[] search(List<File> path, boolean train, String prefix) throws IOException {
        List<String> looked = new ArrayList<>();
        for (File dir : path) {
            String problem = problemWith(dir);
            if (problem != null) {
                looked.add(dir + " (" + problem + ")");
                continue;
            }
            File[] files = find(dir, train, prefix);
            if (files[0] != null && files[1] != null) {
                return files;
            }
            looked.add(dir + " (no " + describe(train, prefix) + ")");
        }
        throw new DataNotFoundException("No MNIST-family IDX data found: expected " + describe(train, prefix)
                + ". Looked in: " + String.join("; ", looked) + ". " + HOW_TO_GET, path);
    }

    private static String problemWith(File dir) {
        if (!dir.exists()) {
            return "does not exist";
        }
        if (!dir.isDirectory()) {
            return "is not a directory";
        }
        if (!dir.canRead() || dir.list() == null) {
            return "is not readable";
        }
        return null;
    }

    private static String describe(boolean train, String prefix) {
        String split = train ? "train" : "t10k|test";
        return prefix + "{" + split + "}-images-idx3-ubyte[.gz] and " + prefix + "{" + split
                + "}-labels-idx1-ubyte[.gz]";
    }

    private static File[] find(File dir, boolean train, String prefix) {
        String[] splits = train ? new String[] {"train"} : new String[] {"t10k", "test"};
        for (String split : splits) {
            File images = firstExisting(dir, prefix + split + "-images-idx3-ubyte");
            File labels = firstExisting(dir, prefix + split + "-labels-idx1-ubyte");
            if (images != null || labels != null) {
                return new File[] {images, labels};
            }
        }
        return new File[] {null, null};
    }

    private static File firstExisting(File dir, String base) {
        File plain = new File(dir, base);
        if (plain.isFile()) {
            return plain;
        }
        File gz = new File(dir, base + ".gz");
        return gz.isFile() ? gz : null;
    }
}
