package org.wsnn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX format of MNIST, Fashion-MNIST and EMNIST, plain or gzipped (detected from the
 * gzip magic bytes {@code 1f 8b}, not from the file name).
 *
 * <p>An IDX file starts with a big-endian magic number {@code 0x0000TTNN} (TT = element type, 0x08 for
 * unsigned bytes; NN = number of dimensions), then NN big-endian 32-bit sizes, then the elements in
 * row-major order. Images are {@code 0x00000803} ({@code [count, rows, columns]}), labels
 * {@code 0x00000801} ({@code [count]}). Anything else is rejected with a {@link DataFormatException}.
 *
 * <p>Note: EMNIST stores each image transposed relative to MNIST; this reader returns the bytes as stored.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images {@code [count, rows, columns]}. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte labels {@code [count]}. */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /**
     * Reads an image file and its label file into one {@link LabeledImages} with one channel.
     *
     * @param imagesFile IDX images file (magic 2051), plain or gzipped
     * @param labelsFile IDX labels file (magic 2049), plain or gzipped
     * @return the images with their labels; {@code numClasses} is the largest label + 1
     * @throws DataFormatException if either file is malformed or the counts disagree
     * @throws IOException         if a file cannot be read
     */
    public static LabeledImages read(File imagesFile, File labelsFile) throws IOException {
        IdxImages images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        if (labels.length != images.count) {
            throw new DataFormatException(labelsFile, "image/label count mismatch: expected " + images.count
                    + " labels (the image count of " + imagesFile + "), found " + labels.length);
        }
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return new LabeledImages(1, images.rows, images.columns, images.pixels, labels, max + 1);
    }

    /**
     * Reads an IDX images file.
     *
     * @param file plain or gzipped IDX file with magic {@link #IMAGES_MAGIC}
     * @return count, size and pixels
     * @throws IOException if unreadable or malformed
     */
    public static IdxImages readImages(File file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            expectMagic(file, magic, IMAGES_MAGIC, "images");
            int count = readSize(in, file, "image count");
            int rows = readSize(in, file, "row count");
            int columns = readSize(in, file, "column count");
            long expected = (long) count * rows * columns;
            if (expected > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(file, "expected at most " + (Integer.MAX_VALUE - 8)
                        + " pixel bytes, found a header declaring " + expected);
            }
            byte[] pixels = in.readNBytes((int) expected);
            if (pixels.length != expected) {
                throw new DataFormatException(file, "truncated: expected " + expected + " pixel bytes ("
                        + count + " images x " + rows + " x " + columns + "), found " + pixels.length);
            }
            return new IdxImages(count, rows, columns, pixels);
        }
    }

    /**
     * Reads an IDX labels file.
     *
     * @param file plain or gzipped IDX file with magic {@link #LABELS_MAGIC}
     * @return one label per entry, in [0, 255]
     * @throws IOException if unreadable or malformed
     */
    public static int[] readLabels(File file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            expectMagic(file, magic, LABELS_MAGIC, "labels");
            int count = readSize(in, file, "label count");
            byte[] bytes = in.readNBytes(count);
            if (bytes.length != count) {
                throw new DataFormatException(file, "truncated: expected " + count + " label bytes, found "
                        + bytes.length);
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        }
    }

    private static DataInputStream open(File file) throws IOException {
        if (!file.isFile()) {
            throw new DataNotFoundException("IDX file " + file + " does not exist or is not a regular file",
                    java.util.List.of(file));
        }
        if (!file.canRead()) {
            throw new IOException("IDX file " + file + " is not readable (check its permissions)");
        }
        InputStream raw = new BufferedInputStream(new FileInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static int readHeaderInt(DataInputStream in, File file, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated header: expected a 4-byte " + what
                    + ", found end of file");
        }
    }

    private static int readSize(DataInputStream in, File file, String what) throws IOException {
        int size = readHeaderInt(in, file, what);
        if (size < 0) {
            throw new DataFormatException(file, "expected a non-negative " + what + ", found " + size);
        }
        return size;
    }

    private static void expectMagic(File file, int found, int expected, String kind) throws DataFormatException {
        if (found != expected) {
            throw new DataFormatException(file, String.format(
                    "wrong magic number for an IDX %s file: expected 0x%08X (%d), found 0x%08X (%d)",
                    kind, expected, expected, found, found));
        }
    }

    /** The content of an IDX images file: {@code count} images of {@code rows x columns} unsigned bytes. */
    public static final class IdxImages {
        /** number of images */
        public final int count;
        /** rows per image */
        public final int rows;
        /** columns per image */
        public final int columns;
        /** {@code count * rows * columns} bytes, row-major */
        public final byte[] pixels;

        IdxImages(int count, int rows, int columns, byte[] pixels) {
            this.count = count;
            this.rows = rows;
            this.columns = columns;
            this.pixels = pixels;
        }
    }
}
