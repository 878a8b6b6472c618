package org.wsnn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
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
        return read(imagesFile, labelsFile, 256);
    }

    /**
     * Reads an image file and its label file, requiring every label to be below {@code maxClasses}.
     *
     * @param imagesFile IDX images file (magic 2051), plain or gzipped
     * @param labelsFile IDX labels file (magic 2049), plain or gzipped
     * @param maxClasses labels must lie in {@code [0, maxClasses)} (10 for MNIST and Fashion-MNIST)
     * @return the images with their labels; {@code numClasses} is the largest label + 1
     * @throws DataFormatException naming the labels file, the record and the label when one is out of range
     */
    public static LabeledImages read(File imagesFile, File labelsFile, int maxClasses) throws IOException {
        IdxImages images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= maxClasses) {
                throw new DataFormatException(labelsFile, "record " + i + " has label " + labels[i]
                        + "; expected a label in 0.." + (maxClasses - 1) + " (" + maxClasses + " classes)");
            }
        }
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
            requireContent(file, 16, expected, count + " images of " + rows + " x " + columns);
            byte[] pixels = readPayload(in, file, (int) expected);
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
            requireContent(file, 8, count, count + " labels");
            byte[] bytes = readPayload(in, file, count);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        }
    }

    /**
     * Refuses, before anything is inflated or allocated, a header that declares more data than the file
     * holds: for a plain file its length, for a gzip file the uncompressed size its ISIZE trailer records
     * (RFC 1952; exact for a single-member stream below 4 GiB, which IDX files are).
     */
    private static void requireContent(File file, int headerBytes, long payload, String declared) throws IOException {
        long needed = headerBytes + payload;
        long length = file.length();
        if (!isGzip(file)) {
            if (needed > length) {
                throw new DataFormatException(file, "truncated: the header declares " + declared + ", expected "
                        + payload + " bytes after the " + headerBytes + "-byte header, found "
                        + Math.max(0, length - headerBytes) + " (a file of " + length + " bytes)");
            }
            return;
        }
        if (length < 18) {
            throw new DataFormatException(file, "truncated gzip file: " + length + " bytes, expected at least 18");
        }
        long isize;
        try (RandomAccessFile raf = new RandomAccessFile(file, "r")) {
            raf.seek(length - 4);
            byte[] b = new byte[4];
            raf.readFully(b);
            isize = (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
        }
        if (needed < (1L << 32) && isize < needed) {
            throw new DataFormatException(file, "truncated: the header declares " + declared + ", expected "
                    + payload + " bytes after the " + headerBytes + "-byte header, found "
                    + Math.max(0, isize - headerBytes) + " in the gzip stream (its trailer records " + isize
                    + " uncompressed bytes); refused before inflating it");
        }
    }

    /** Reads exactly {@code n} payload bytes, naming the file when the (gzip) stream is corrupt or ends. */
    private static byte[] readPayload(DataInputStream in, File file, int n) throws IOException {
        byte[] out = new byte[n];
        try {
            in.readFully(out);
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated: expected " + n + " payload bytes, found fewer");
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file, "corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("ZLIB") || String.valueOf(e.getMessage()).contains("GZIP")) {
                throw new DataFormatException(file, "truncated or corrupt gzip stream (" + e.getMessage() + ")");
            }
            throw e;
        }
        return out;
    }

    private static boolean isGzip(File file) throws IOException {
        try (InputStream in = new FileInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
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
            try {
                raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            } catch (java.util.zip.ZipException | EOFException e) {
                raw.close();
                throw new DataFormatException(file, "corrupt gzip header (" + e.getMessage() + ")");
            }
        }
        return new DataInputStream(raw);
    }

    private static int readHeaderInt(DataInputStream in, File file, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated header: expected a 4-byte " + what
                    + ", found end of file");
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file, "corrupt gzip data in the header (" + e.getMessage() + ")");
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
