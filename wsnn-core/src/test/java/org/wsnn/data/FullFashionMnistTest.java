package org.wsnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * End-to-end check on the full Fashion-MNIST of Debian's {@code dataset-fashion-mnist}
 * ({@code /usr/share/datasets/fashion-mnist}); skipped when the package is not installed.
 */
@Tag("full-data")
class FullFashionMnistTest {

    private static File dir() {
        File dir = IdxDataset.DEBIAN_FASHION_MNIST;
        Assumptions.assumeTrue(new File(dir, "train-images-idx3-ubyte.gz").isFile(),
                "Fashion-MNIST not installed in " + dir + " (apt-get install -y dataset-fashion-mnist)");
        return dir;
    }

    @Test
    void readsBothSplitsWithBalancedClasses() throws IOException {
        File dir = dir();
        LabeledImages train = IdxDataset.load(dir, true, "");
        LabeledImages test = IdxDataset.load(dir, false, "");
        assertEquals(60_000, train.count(), "full train: images");
        assertEquals(10_000, test.count(), "full test: images");
        int[] perClassTrain = new int[10];
        int[] perClassTest = new int[10];
        for (int i = 0; i < train.count(); i++) {
            perClassTrain[train.label(i)]++;
        }
        for (int i = 0; i < test.count(); i++) {
            perClassTest[test.label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, perClassTrain[c], "full train: images of class " + c);
            assertEquals(1000, perClassTest[c], "full test: images of class " + c);
        }
        LabeledImages slice = IdxDataset.load(TestFiles.fashionSlice(), false, "");
        for (int i = 0; i < slice.count(); i += 17) {
            for (int p = 0; p < 784; p += 7) {
                assertEquals(test.pixel(i, p), slice.pixel(i, p), 0f, "fixture equals the full test set: image " + i
                        + " pixel " + p);
            }
        }
    }

    @Test
    void rotatedTestEpochEndToEnd() throws IOException {
        TransformedImageIterator it = ImageTask.ROTATED.builder().dataDir(dir()).train(false).batchSize(500).build();
        int seen = 0;
        double sum = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            seen += ds.numExamples();
            sum += ds.getFeatures().sumNumber().doubleValue();
            assertTrue(Double.isFinite(sum), "rotated full test set: finite values up to example " + seen);
        }
        assertEquals(10_000, seen, "rotated full test set: examples per epoch");
        double mean = sum / (10_000.0 * 784);
        // rotation adds zero-filled corners, so the normalised mean falls below Fashion-MNIST's (0.286-0.1307)/0.3081
        assertTrue(mean > -0.2 && mean < 0.55, "rotated full test set: normalised mean " + mean);
    }
}
