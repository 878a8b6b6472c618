package org.wsnn.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Writes small data files in the real formats for tests, and locates the Fashion-MNIST fixture. */
final class TestFiles {

    private TestFiles() {
    }

    /** @return the committed Fashion-MNIST slice (200 train + 200 test images) */
    static File fashionSlice() {
        try {
            return new File(TestFiles.class.getResource("/fashion-mnist-slice").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** IDX images bytes with an arbitrary header. */
    static byte[] idxImages(int magic, int count, int rows, int cols, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        out.write(pixels);
        return bytes.toByteArray();
    }

    /** IDX labels bytes with an arbitrary header. */
    static byte[] idxLabels(int magic, int count, byte[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.write(labels);
        return bytes.toByteArray();
    }

    static File write(File file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(new FileOutputStream(file))
                : new FileOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    /** Writes a consistent MNIST-style split with random pixels; returns the pixel bytes. */
    static byte[] writeIdxSplit(File dir, String split, int count, int rows, int cols, boolean gzip, long seed)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) r.nextInt(256);
        }
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        String gz = gzip ? ".gz" : "";
        write(new File(dir, split + "-images-idx3-ubyte" + gz), idxImages(IdxReader.IMAGES_MAGIC, count, rows, cols,
                pixels), gzip);
        write(new File(dir, split + "-labels-idx1-ubyte" + gz), idxLabels(IdxReader.LABELS_MAGIC, count, labels),
                gzip);
        return pixels;
    }

    /**
     * CIFAR-10 records: record i has label i % 10 and pixel (c, y, x) = (i + 7c + 3y + x) mod 256.
     */
    static byte[] cifarRecords(int first, int count) {
        byte[] out = new byte[count * Cifar10Reader.RECORD_BYTES];
        for (int r = 0; r < count; r++) {
            int i = first + r;
            int base = r * Cifar10Reader.RECORD_BYTES;
            out[base] = (byte) (i % 10);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        out[base + 1 + (c * 32 + y) * 32 + x] = (byte) cifarPixel(i, c, y, x);
                    }
                }
            }
        }
        return out;
    }

    static int cifarPixel(int i, int c, int y, int x) {
        return (i + 7 * c + 3 * y + x) & 0xFF;
    }

    /** Writes data_batch_1..5 (perBatch records each) and test_batch (testCount records). */
    static void writeCifar(File dir, int perBatch, int testCount) throws IOException {
        for (int b = 0; b < 5; b++) {
            write(new File(dir, "data_batch_" + (b + 1) + ".bin"), cifarRecords(b * perBatch, perBatch), false);
        }
        write(new File(dir, "test_batch.bin"), cifarRecords(1000, testCount), false);
    }
}
