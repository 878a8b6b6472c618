package org.wsnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    File tmp;

    @Test
    void readsRealFashionMnistSlice() throws IOException {
        LabeledImages test = IdxDataset.load(TestFiles.fashionSlice(), false, "");
        assertEquals(200, test.count(), "fixture test split: image count");
        assertEquals(28, test.height(), "fixture test split: rows");
        assertEquals(28, test.width(), "fixture test split: columns");
        assertEquals(1, test.channels(), "fixture test split: channels");
        assertEquals(10, test.numClasses(), "fixture test split: classes");
        int[] first = {9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], test.label(i), "fixture test split: label " + i);
        }
        LabeledImages train = IdxDataset.load(TestFiles.fashionSlice(), true, "");
        int[] firstTrain = {9, 0, 0, 3, 0, 2, 7, 2, 5, 5};
        for (int i = 0; i < firstTrain.length; i++) {
            assertEquals(firstTrain[i], train.label(i), "fixture train split: label " + i);
        }
        // real images: mostly dark background, some bright pixels, mean near Fashion-MNIST's 0.286
        double sum = 0;
        float max = 0;
        for (int i = 0; i < test.count(); i++) {
            for (int p = 0; p < 784; p++) {
                float v = test.pixel(i, p);
                sum += v;
                max = Math.max(max, v);
            }
        }
        double mean = sum / (test.count() * 784.0);
        assertTrue(mean > 0.2 && mean < 0.4, "fixture test split: pixel mean expected in (0.2, 0.4), found " + mean);
        assertEquals(1.0f, max, 1e-6, "fixture test split: brightest pixel");
    }

    @Test
    void plainAndGzippedGiveTheSameBytes() throws IOException {
        File plain = new File(tmp, "plain");
        File gz = new File(tmp, "gz");
        plain.mkdir();
        gz.mkdir();
        byte[] p1 = TestFiles.writeIdxSplit(plain, "t10k", 5, 4, 3, false, 7);
        byte[] p2 = TestFiles.writeIdxSplit(gz, "t10k", 5, 4, 3, true, 7);
        assertArrayEquals(p1, p2, "test setup: same seed same pixels");
        LabeledImages a = IdxDataset.load(plain, false, "");
        LabeledImages b = IdxDataset.load(gz, false, "");
        for (int i = 0; i < 5; i++) {
            for (int p = 0; p < 12; p++) {
                assertEquals(a.pixel(i, p), b.pixel(i, p), "plain vs gzip: image " + i + " pixel " + p);
                assertEquals((p1[i * 12 + p] & 0xFF) / 255f, a.pixel(i, p), 0f, "plain: image " + i + " pixel " + p);
            }
            assertEquals(i % 10, a.label(i), "plain: label " + i);
        }
        assertEquals(4, a.height(), "non-square: rows");
        assertEquals(3, a.width(), "non-square: columns");
    }

    @Test
    void emnistStylePrefixAndTestName() throws IOException {
        File dir = new File(tmp, "emnist");
        dir.mkdir();
        byte[] pixels = new byte[2 * 784];
        TestFiles.write(new File(dir, "emnist-letters-test-images-idx3-ubyte.gz"),
                TestFiles.idxImages(IdxReader.IMAGES_MAGIC, 2, 28, 28, pixels), true);
        TestFiles.write(new File(dir, "emnist-letters-test-labels-idx1-ubyte.gz"),
                TestFiles.idxLabels(IdxReader.LABELS_MAGIC, 2, new byte[] {1, 26}), true);
        LabeledImages l = IdxDataset.load(dir, false, "emnist-letters-");
        assertEquals(2, l.count(), "EMNIST-style prefix: count");
        assertEquals(27, l.numClasses(), "EMNIST-style prefix: classes = max label + 1");
    }

    @Test
    void wrongMagicNumberNamesFileAndValues() throws IOException {
        File images = TestFiles.write(new File(tmp, "img"), TestFiles.idxImages(0x00000801, 1, 2, 2, new byte[4]),
                false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(images),
                "wrong magic: labels magic in an images file");
        assertTrue(e.getMessage().contains(images.toString()), "wrong magic: message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains("0x00000803") && e.getMessage().contains("0x00000801"),
                "wrong magic: message has expected and found: " + e.getMessage());
        File labels = TestFiles.write(new File(tmp, "lab.gz"), TestFiles.idxImages(0x12345678, 1, 2, 2, new byte[4]),
                true);
        DataFormatException e2 = assertThrows(DataFormatException.class, () -> IdxReader.readLabels(labels),
                "wrong magic: garbage in a gzipped labels file");
        assertTrue(e2.getMessage().contains("0x12345678"), "wrong magic (gz): found value: " + e2.getMessage());
    }

    @Test
    void truncatedFilesAreReported() throws IOException {
        File images = TestFiles.write(new File(tmp, "img.gz"),
                TestFiles.idxImages(IdxReader.IMAGES_MAGIC, 3, 2, 2, new byte[10]), true);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(images),
                "truncated pixels");
        assertTrue(e.getMessage().contains("expected 12") && e.getMessage().contains("found 10"),
                "truncated pixels: expected and found byte counts: " + e.getMessage());
        File header = TestFiles.write(new File(tmp, "hdr"), new byte[] {0, 0, 8, 3, 0, 0}, false);
        DataFormatException e2 = assertThrows(DataFormatException.class, () -> IdxReader.readImages(header),
                "truncated header");
        assertTrue(e2.getMessage().contains("truncated header"), "truncated header: message: " + e2.getMessage());
        File labels = TestFiles.write(new File(tmp, "lab"), TestFiles.idxLabels(IdxReader.LABELS_MAGIC, 5,
                new byte[3]), false);
        DataFormatException e3 = assertThrows(DataFormatException.class, () -> IdxReader.readLabels(labels),
                "truncated labels");
        assertTrue(e3.getMessage().contains("expected 5") && e3.getMessage().contains("found 3"),
                "truncated labels: message: " + e3.getMessage());
    }

    @Test
    void aHeaderDeclaringMoreThanTheFileHoldsIsRefusedBeforeInflating() throws IOException {
        // 2.5 M images of 28 x 28 declared, 100 images present: refused from the gzip trailer, at once
        File gz = TestFiles.write(new File(tmp, "big.gz"),
                TestFiles.idxImages(IdxReader.IMAGES_MAGIC, 2_500_000, 28, 28, new byte[100 * 784]), true);
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(gz));
        assertTrue(e.getMessage().contains("2500000 images") && e.getMessage().contains("refused before inflating"),
                "declared count and the refusal: " + e.getMessage());
        assertTrue(e.getMessage().contains(gz.getPath()), "names the file: " + e.getMessage());
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertTrue(after - before < 500L << 20, "no 1.9 GB buffer allocated: " + (after - before) + " bytes");
        File plain = TestFiles.write(new File(tmp, "big"),
                TestFiles.idxImages(IdxReader.IMAGES_MAGIC, 2_500_000, 28, 28, new byte[784]), false);
        DataFormatException p = assertThrows(DataFormatException.class, () -> IdxReader.readImages(plain));
        assertTrue(p.getMessage().contains("expected 1960000000") && p.getMessage().contains("found 784"),
                "plain file: declared and present bytes: " + p.getMessage());
    }

    @Test
    void truncatedOrCorruptGzipNamesTheFile() throws IOException {
        byte[] whole = Files.readAllBytes(TestFiles.write(new File(tmp, "whole.gz"),
                TestFiles.idxImages(IdxReader.IMAGES_MAGIC, 50, 28, 28, randomBytes(50 * 784)), true).toPath());
        File cut = new File(tmp, "cut.gz");
        Files.write(cut.toPath(), java.util.Arrays.copyOf(whole, whole.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(cut));
        assertTrue(e.getMessage().startsWith(cut.getPath()) && e.getMessage().contains("truncated"),
                "a gzip cut in half: " + e.getMessage());
        File garbage = new File(tmp, "garbage.gz");
        byte[] bad = whole.clone();
        for (int i = 20; i < bad.length - 8; i++) {
            bad[i] = (byte) (bad[i] ^ 0x5a);
        }
        Files.write(garbage.toPath(), bad);
        DataFormatException g = assertThrows(DataFormatException.class, () -> IdxReader.readImages(garbage));
        assertTrue(g.getMessage().startsWith(garbage.getPath()) && g.getMessage().contains("gzip"),
                "corrupt deflate data: " + g.getMessage());
        File header = new File(tmp, "header.gz");
        Files.write(header.toPath(), new byte[]{0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            16, 17, 18, 19, 20});
        DataFormatException h = assertThrows(DataFormatException.class, () -> IdxReader.readImages(header));
        assertTrue(h.getMessage().startsWith(header.getPath()) && h.getMessage().contains("gzip"),
                "corrupt gzip header: " + h.getMessage());
    }

    @Test
    void aLabelOutsideTheClassesNamesFileRecordAndValue() throws IOException {
        File dir = new File(tmp, "bad-label");
        dir.mkdir();
        TestFiles.writeIdxSplit(dir, "train", 20, 28, 28, true, 3);
        byte[] labels = new byte[20];
        labels[17] = (byte) 200;
        File labelFile = TestFiles.write(new File(dir, "train-labels-idx1-ubyte.gz"),
                TestFiles.idxLabels(IdxReader.LABELS_MAGIC, 20, labels), true);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxDataset.load(dir, true, ""));
        assertTrue(e.getMessage().startsWith(labelFile.getPath()) && e.getMessage().contains("record 17")
                && e.getMessage().contains("label 200") && e.getMessage().contains("0..9"),
                "file, record, value and range: " + e.getMessage());
        // with a prefix (EMNIST) the classes are not fixed at 10
        assertEquals(201, IdxReader.read(new File(dir, "train-images-idx3-ubyte.gz"), labelFile).numClasses(),
                "EMNIST-style files keep their largest label + 1");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(5).nextBytes(b);
        return b;
    }

    @Test
    void imageLabelCountMismatch() throws IOException {
        File images = TestFiles.write(new File(tmp, "i"), TestFiles.idxImages(IdxReader.IMAGES_MAGIC, 3, 2, 2,
                new byte[12]), false);
        File labels = TestFiles.write(new File(tmp, "l"), TestFiles.idxLabels(IdxReader.LABELS_MAGIC, 2,
                new byte[2]), false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels),
                "count mismatch");
        assertTrue(e.getMessage().contains("expected 3") && e.getMessage().contains("found 2")
                && e.getMessage().contains(labels.toString()), "count mismatch: message: " + e.getMessage());
    }

    @Test
    void missingFolderFileInsteadOfFolderAndMissingFiles() throws IOException {
        File missing = new File(tmp, "nope");
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> IdxDataset.load(missing, true, ""), "missing folder");
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist")
                && e.getMessage().contains("dataset-fashion-mnist"), "missing folder: message: " + e.getMessage());
        File file = TestFiles.write(new File(tmp, "afile"), new byte[1], false);
        DataNotFoundException e2 = assertThrows(DataNotFoundException.class,
                () -> IdxDataset.load(file, true, ""), "file instead of folder");
        assertTrue(e2.getMessage().contains("is not a directory"), "file instead of folder: " + e2.getMessage());
        File empty = new File(tmp, "empty");
        empty.mkdir();
        DataNotFoundException e3 = assertThrows(DataNotFoundException.class,
                () -> IdxDataset.load(empty, false, ""), "folder without files");
        assertTrue(e3.getMessage().contains("t10k|test") && e3.getMessage().contains("no images file"),
                "folder without files: message: " + e3.getMessage());
    }

    @Test
    void unreadableFolder() throws IOException {
        File dir = new File(tmp, "locked");
        dir.mkdir();
        TestFiles.writeIdxSplit(dir, "train", 2, 2, 2, false, 1);
        Assumptions.assumeTrue(dir.setReadable(false, false) && dir.setExecutable(false, false),
                "cannot change permissions");
        try {
            Assumptions.assumeFalse(dir.canRead() && dir.list() != null, "running as root: permissions not enforced");
            DataNotFoundException e = assertThrows(DataNotFoundException.class,
                    () -> IdxDataset.load(dir, true, ""), "unreadable folder");
            assertTrue(e.getMessage().contains("not readable"), "unreadable folder: " + e.getMessage());
        } finally {
            dir.setReadable(true, false);
            dir.setExecutable(true, false);
        }
    }

    @Test
    void defaultSearchSaysWhereItLookedAndHowToGetData() throws IOException {
        File a = new File(tmp, "a");
        File b = new File(tmp, "b");
        b.mkdir();
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> IdxDataset.search(List.of(a, b), true, ""), "search finds nothing");
        assertTrue(e.getMessage().contains(a + " (does not exist)"), "search: first folder reason: " + e.getMessage());
        assertTrue(e.getMessage().contains(b + " (no "), "search: second folder reason: " + e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"),
                "search: how to get data: " + e.getMessage());
        assertEquals(List.of(a, b), e.getSearched(), "search: searched folders");
        TestFiles.writeIdxSplit(b, "train", 2, 2, 2, true, 3);
        File[] found = IdxDataset.search(List.of(a, b), true, "");
        assertEquals(new File(b, "train-images-idx3-ubyte.gz"), found[0], "search: finds the second folder");
        List<File> path = IdxDataset.defaultSearchPath();
        assertTrue(path.get(0).getPath().endsWith("data" + File.separator + "MNIST"),
                "default path: DL4J MNIST cache first, found " + path);
        assertEquals(IdxDataset.DEBIAN_FASHION_MNIST, path.get(path.size() - 1), "default path: Debian folder last");
    }

    @Test
    void fixtureFilesAreGzippedIdx() throws IOException {
        byte[] head = Files.readAllBytes(new File(TestFiles.fashionSlice(), "t10k-images-idx3-ubyte.gz").toPath());
        assertEquals(0x1f, head[0] & 0xFF, "fixture: gzip magic byte 0");
        assertEquals(0x8b, head[1] & 0xFF, "fixture: gzip magic byte 1");
        assertTrue(new File(TestFiles.fashionSlice(), "LICENSE").isFile(), "fixture: LICENSE present");
    }
}
