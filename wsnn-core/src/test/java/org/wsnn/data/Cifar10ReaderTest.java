package org.wsnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** CIFAR-10 reader and iterator, on files generated in the standard binary layout (no CIFAR data here). */
class Cifar10ReaderTest {

    @TempDir
    File tmp;

    @Test
    void readsTrainAndTestSplitsChannelPlanar() throws IOException {
        TestFiles.writeCifar(tmp, 4, 6);
        LabeledImages train = Cifar10Reader.load(tmp, true);
        assertEquals(20, train.count(), "train: 5 batches x 4 records");
        assertEquals(3, train.channels(), "train: channels");
        assertEquals(32, train.height(), "train: height");
        for (int i = 0; i < 20; i++) {
            assertEquals(i % 10, train.label(i), "train: label of record " + i);
        }
        // record 13: channel 2 (blue), row 5, column 9
        int offset = (2 * 32 + 5) * 32 + 9;
        assertEquals(TestFiles.cifarPixel(13, 2, 5, 9) / 255f, train.pixel(13, offset), 0f, "train: pixel (13, B, 5, 9)");
        LabeledImages test = Cifar10Reader.load(tmp, false);
        assertEquals(6, test.count(), "test: records");
        assertEquals(TestFiles.cifarPixel(1003, 0, 31, 31) / 255f, test.pixel(3, 32 * 32 - 1), 0f,
                "test: last red pixel of record 3");
    }

    @Test
    void acceptsTheParentOfCifar10BatchesBin() throws IOException {
        File inner = new File(tmp, "cifar-10-batches-bin");
        inner.mkdir();
        TestFiles.writeCifar(inner, 2, 3);
        assertEquals(3, Cifar10Reader.load(tmp, false).count(), "parent folder: test records");
    }

    @Test
    void iteratorNormalisesPerChannelAndFlipsTrainingImagesOnly() throws IOException {
        TestFiles.writeCifar(tmp, 4, 6);
        TransformedImageIterator test = ImageTask.CIFAR10_FLIP.builder().dataDir(tmp).train(false).build();
        DataSet ds = test.next();
        assertArrayEquals(new long[] {6, 3, 32, 32}, ds.getFeatures().shape(), "test batch shape");
        assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                test.getLabels(), "class names");
        for (int c = 0; c < 3; c++) {
            double expected = (TestFiles.cifarPixel(1002, c, 4, 6) / 255.0 - ImageTask.CIFAR10_MEAN[c])
                    / ImageTask.CIFAR10_STD[c];
            assertEquals(expected, ds.getFeatures().getDouble(2, c, 4, 6), 1e-5,
                    "test: normalised pixel of record 2, channel " + c + " (no flip on test data)");
        }
        TransformedImageIterator train = ImageTask.CIFAR10_FLIP.builder().dataDir(tmp).train(true).shuffle(false)
                .batchSize(20).seed(1).build();
        DataSet t = train.next();
        int flipped = 0;
        for (int n = 0; n < 20; n++) {
            double plain = (TestFiles.cifarPixel(n, 1, 7, 0) / 255.0 - ImageTask.CIFAR10_MEAN[1])
                    / ImageTask.CIFAR10_STD[1];
            double mirrored = (TestFiles.cifarPixel(n, 1, 7, 31) / 255.0 - ImageTask.CIFAR10_MEAN[1])
                    / ImageTask.CIFAR10_STD[1];
            double v = t.getFeatures().getDouble(n, 1, 7, 0);
            boolean isPlain = Math.abs(v - plain) < 1e-5;
            boolean isMirrored = Math.abs(v - mirrored) < 1e-5;
            assertTrue(isPlain || isMirrored, "train record " + n + ": left pixel is the original or the mirrored one");
            flipped += isMirrored ? 1 : 0;
        }
        assertTrue(flipped > 2 && flipped < 18, "train: about half flipped, found " + flipped + " of 20");
    }

    @Test
    void wrongRecordSizeIsReported() throws IOException {
        TestFiles.writeCifar(tmp, 2, 2);
        File bad = TestFiles.write(new File(tmp, "test_batch.bin"), new byte[Cifar10Reader.RECORD_BYTES * 2 + 100],
                false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10Reader.load(tmp, false),
                "CIFAR file of 2 records + 100 bytes");
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("multiple of 3073")
                && e.getMessage().contains("found 6246"), "record size: message " + e.getMessage());
        TestFiles.write(bad, new byte[0], false);
        assertThrows(DataFormatException.class, () -> Cifar10Reader.load(tmp, false), "empty CIFAR file");
    }

    @Test
    void labelOutOfRangeIsReported() throws IOException {
        byte[] records = TestFiles.cifarRecords(0, 2);
        records[Cifar10Reader.RECORD_BYTES] = 12;
        File f = TestFiles.write(new File(tmp, "test_batch.bin"), records, false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10Reader.read(List.of(f)),
                "label 12");
        assertTrue(e.getMessage().contains("record 1") && e.getMessage().contains("found 12"),
                "label out of range: " + e.getMessage());
    }

    @Test
    void missingFolderAndFiles() throws IOException {
        File missing = new File(tmp, "none");
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> Cifar10Reader.load(missing, true),
                "missing CIFAR folder");
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
                "missing folder: " + e.getMessage());
        TestFiles.write(new File(tmp, "data_batch_1.bin"), TestFiles.cifarRecords(0, 1), false);
        DataNotFoundException e2 = assertThrows(DataNotFoundException.class, () -> Cifar10Reader.load(tmp, true),
                "4 of 5 training batches missing");
        assertTrue(e2.getMessage().contains("data_batch_2.bin") && e2.getMessage().contains("data_batch_5.bin"),
                "missing batches named: " + e2.getMessage());
        assertThrows(DataNotFoundException.class, () -> Cifar10Reader.load(null, true), "no folder named");
    }
}
