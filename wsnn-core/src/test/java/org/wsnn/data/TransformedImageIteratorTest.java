package org.wsnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.AsyncDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class TransformedImageIteratorTest {

    @TempDir
    File tmp;

    private static TransformedImageIterator.Builder slice() {
        return TransformedImageIterator.builder().dataDir(TestFiles.fashionSlice());
    }

    private static List<DataSet> epoch(DataSetIterator it) {
        List<DataSet> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    private static void assertSameBatches(List<DataSet> a, List<DataSet> b, String what) {
        assertEquals(a.size(), b.size(), what + ": batch count");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).getFeatures(), b.get(i).getFeatures(), what + ": features of batch " + i);
            assertEquals(a.get(i).getLabels(), b.get(i).getLabels(), what + ": labels of batch " + i);
        }
    }

    private static boolean anyDifferent(List<DataSet> a, List<DataSet> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).getFeatures().equals(b.get(i).getFeatures())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void shapesTypesAndOneHotLabels() throws IOException {
        TransformedImageIterator it = ImageTask.ROTATED.builder().dataDir(TestFiles.fashionSlice()).train(false)
                .batchSize(64).build();
        List<DataSet> batches = epoch(it);
        assertEquals(4, batches.size(), "200 examples in batches of 64: batch count");
        DataSet first = batches.get(0);
        assertArrayEquals(new long[] {64, 1, 28, 28}, first.getFeatures().shape(), "features shape [B, C, H, W]");
        assertEquals(DataType.FLOAT, first.getFeatures().dataType(), "features dtype");
        assertArrayEquals(new long[] {64, 10}, first.getLabels().shape(), "labels shape");
        assertEquals(8, batches.get(3).getFeatures().size(0), "last batch holds the remaining 8");
        INDArray rowSums = first.getLabels().sum(1);
        for (int i = 0; i < 64; i++) {
            assertEquals(1.0, rowSums.getDouble(i), 0.0, "one-hot row " + i);
        }
        assertEquals(9, first.getLabels().getRow(0).argMax().getInt(0), "label of test image 0 (ankle boot)");
        assertEquals(784, it.inputColumns(), "inputColumns");
        assertEquals(10, it.totalOutcomes(), "totalOutcomes");
        assertTrue(it.asyncSupported(), "asyncSupported");
        TransformedImageIterator flat = slice().train(false).flatten(true).batchSize(10).build();
        assertArrayEquals(new long[] {10, 784}, flat.next().getFeatures().shape(), "flatten(true) shape");
    }

    @Test
    void sameSeedSameBatchesDifferentSeedDifferent() throws IOException {
        for (boolean train : new boolean[] {true, false}) {
            TransformedImageIterator a = ImageTask.ROTATED.builder().dataDir(TestFiles.fashionSlice()).train(train)
                    .noiseStd(0.1).seed(42).build();
            TransformedImageIterator b = ImageTask.ROTATED.builder().dataDir(TestFiles.fashionSlice()).train(train)
                    .noiseStd(0.1).seed(42).build();
            TransformedImageIterator c = ImageTask.ROTATED.builder().dataDir(TestFiles.fashionSlice()).train(train)
                    .noiseStd(0.1).seed(43).build();
            List<DataSet> ea = epoch(a);
            assertSameBatches(ea, epoch(b), "train=" + train + ", same seed, epoch 0");
            assertTrue(anyDifferent(ea, epoch(c)), "train=" + train + ", seeds 42 vs 43 must differ");
            a.reset();
            b.reset();
            assertSameBatches(epoch(a), epoch(b), "train=" + train + ", same seed, after reset");
        }
    }

    @Test
    void resetReplaysTestDataAndRedrawsTrainData() throws IOException {
        TransformedImageIterator test = ImageTask.ROTATED.builder().dataDir(TestFiles.fashionSlice()).train(false)
                .seed(7).build();
        List<DataSet> first = epoch(test);
        test.reset();
        assertSameBatches(first, epoch(test), "test data: reset replays identical batches");
        assertEquals(0, test.epoch(), "test data: epoch stays 0");

        TransformedImageIterator train = ImageTask.ROTATED.builder().dataDir(TestFiles.fashionSlice()).train(true)
                .shuffle(false).seed(7).build();
        List<DataSet> e0 = epoch(train);
        train.reset();
        List<DataSet> e1 = epoch(train);
        assertEquals(1, train.epoch(), "train data: epoch after reset");
        assertTrue(anyDifferent(e0, e1), "train data: new transforms after reset");
        // the labels are unchanged without shuffling: only the transform was redrawn
        assertEquals(e0.get(0).getLabels(), e1.get(0).getLabels(), "train data, no shuffle: same labels per position");
    }

    @Test
    void resultsDoNotDependOnBatchSize() throws IOException {
        TransformedImageIterator a = ImageTask.ROTATED.builder().dataDir(TestFiles.fashionSlice()).train(false)
                .batchSize(200).seed(3).build();
        TransformedImageIterator b = ImageTask.ROTATED.builder().dataDir(TestFiles.fashionSlice()).train(false)
                .batchSize(7).seed(3).build();
        INDArray all = a.next().getFeatures();
        List<INDArray> parts = new ArrayList<>();
        for (DataSet ds : epoch(b)) {
            parts.add(ds.getFeatures());
        }
        INDArray joined = org.nd4j.linalg.factory.Nd4j.concat(0, parts.toArray(new INDArray[0]));
        assertEquals(all, joined, "batch 200 vs batch 7: same examples, same transforms");
    }

    @Test
    void quarterTurnOfIteratorOutputIsAnExactPixelRotation() throws IOException {
        float mean = (float) ImageTask.MNIST_MEAN;
        TransformedImageIterator plain = ImageTask.MNIST.builder().dataDir(TestFiles.fashionSlice()).train(false)
                .batchSize(50).build();
        TransformedImageIterator turned = ImageTask.MNIST.builder().dataDir(TestFiles.fashionSlice()).train(false)
                .batchSize(50).rotationDegrees(90, 90).build();
        float[] p = plain.next().getFeatures().data().asFloat();
        float[] r = turned.next().getFeatures().data().asFloat();
        int interiorMismatch = 0;
        float worst = 0;
        for (int n = 0; n < 50; n++) {
            float[] img = java.util.Arrays.copyOfRange(p, n * 784, (n + 1) * 784);
            float[] expected = ImageWarpTest.rot90(img, 1, 28, 1);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    float diff = Math.abs(expected[y * 28 + x] - r[n * 784 + y * 28 + x]);
                    boolean border = y == 0 || x == 0 || y == 27 || x == 27;
                    if (!border && diff > 1e-6f) {
                        interiorMismatch++;
                    }
                    worst = Math.max(worst, diff);
                }
            }
        }
        assertEquals(0, interiorMismatch, "90 deg rotation: interior pixels differing from rot90");
        assertTrue(worst <= 1e-5f, "90 deg rotation: largest difference (borders included) " + worst);
        assertTrue(mean > 0, "sanity");
    }

    @Test
    void zeroRotationAndUnitScaleAreIdentityThroughTheIterator() throws IOException {
        INDArray plain = ImageTask.MNIST.builder().dataDir(TestFiles.fashionSlice()).train(false).batchSize(200)
                .build().next().getFeatures();
        INDArray rot0 = ImageTask.MNIST.builder().dataDir(TestFiles.fashionSlice()).train(false).batchSize(200)
                .rotationDegrees(0, 0).scale(1, 1).build().next().getFeatures();
        assertEquals(plain, rot0, "rotation [0,0] and scale [1,1] give the untransformed images");
        INDArray full = ImageTask.ROTATED.builder().dataDir(TestFiles.fashionSlice()).train(false).batchSize(200)
                .build().next().getFeatures();
        assertNotEquals(plain, full, "rotation [0,360) changes the images");
        INDArray scaled = ImageTask.SCALED.builder().dataDir(TestFiles.fashionSlice()).train(false).batchSize(200)
                .build().next().getFeatures();
        // scaled images have a larger zero border: more background pixels than the originals
        double bg = -ImageTask.MNIST_MEAN / ImageTask.MNIST_STD;
        long plainBg = countNear(plain, bg);
        long scaledBg = countNear(scaled, bg);
        assertTrue(scaledBg > plainBg, "scaled: background pixels expected > " + plainBg + ", found " + scaledBg);
    }

    private static long countNear(INDArray a, double v) {
        long n = 0;
        for (float f : a.data().asFloat()) {
            n += Math.abs(f - v) < 1e-6 ? 1 : 0;
        }
        return n;
    }

    @Test
    void normalisationUsesMeanAndStd() throws IOException {
        LabeledImages raw = IdxDataset.load(TestFiles.fashionSlice(), false, "");
        float[] f = ImageTask.MNIST.builder().dataDir(TestFiles.fashionSlice()).train(false).batchSize(3).build()
                .next().getFeatures().data().asFloat();
        for (int p = 0; p < 784; p += 13) {
            double expected = (raw.pixel(1, p) - 0.1307) / 0.3081;
            assertEquals(expected, f[784 + p], 1e-5, "normalised pixel " + p + " of image 1");
        }
    }

    @Test
    void onlySelectedLabelsAreTransformed() throws IOException {
        INDArray plain = slice().train(false).batchSize(200).build().next().getFeatures();
        DataSet rot = slice().train(false).batchSize(200).rotationDegrees(10, 350).noiseStd(0.05)
                .transformLabels(9, 1).build().next();
        for (int n = 0; n < 200; n++) {
            int label = rot.getLabels().getRow(n).argMax().getInt(0);
            boolean same = plain.slice(n).equals(rot.getFeatures().slice(n));
            assertEquals(label != 9 && label != 1, same, "transformLabels(9, 1): example " + n + " label " + label);
        }
    }

    @Test
    void numExamplesLimitsTheEpoch() throws IOException {
        TransformedImageIterator it = slice().train(true).numExamples(30).batchSize(16).build();
        List<DataSet> e = epoch(it);
        assertEquals(2, e.size(), "30 examples in batches of 16: batches");
        assertEquals(14, e.get(1).numExamples(), "second batch size");
        assertFalse(it.hasNext(), "epoch exhausted");
        assertThrows(java.util.NoSuchElementException.class, it::next, "next() after the epoch");
    }

    @Test
    void asyncPrefetchGivesTheSameBatches() throws IOException {
        TransformedImageIterator direct = ImageTask.ROTATED.builder().dataDir(TestFiles.fashionSlice()).train(true)
                .seed(5).build();
        AsyncDataSetIterator async = new AsyncDataSetIterator(ImageTask.ROTATED.builder()
                .dataDir(TestFiles.fashionSlice()).train(true).seed(5).build(), 2);
        try {
            for (int epoch = 0; epoch < 2; epoch++) {
                int batch = 0;
                while (direct.hasNext()) {
                    assertTrue(async.hasNext(), "async: epoch " + epoch + " ends early at batch " + batch);
                    DataSet a = async.next();
                    DataSet d = direct.next();
                    // compare at once: async batches live in a cyclic workspace
                    assertEquals(d.getFeatures(), a.getFeatures(), "async vs direct: epoch " + epoch + " batch " + batch);
                    batch++;
                }
                assertFalse(async.hasNext(), "async: epoch " + epoch + " has extra batches");
                direct.reset();
                async.reset();
            }
        } finally {
            async.shutdown();
        }
    }

    @Test
    void nonSquareInMemoryImagesRotateByHalfTurnExactly() throws IOException {
        // 2 images, 2 channels, 4 rows x 3 columns; pixel bytes 0..47
        byte[] pixels = new byte[2 * 2 * 4 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 5);
        }
        LabeledImages images = new LabeledImages(2, 4, 3, pixels, new int[] {0, 2}, 3);
        TransformedImageIterator it = TransformedImageIterator.builder().images(images).train(false)
                .rotationDegrees(180, 180).batchSize(2).build();
        DataSet ds = it.next();
        assertArrayEquals(new long[] {2, 2, 4, 3}, ds.getFeatures().shape(), "non-square: [B, C, H, W] = [2, 2, 4, 3]");
        assertArrayEquals(new long[] {2, 3}, ds.getLabels().shape(), "in-memory images: classes from the data");
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 3; x++) {
                        float expected = images.pixel(n, (c * 4 + (3 - y)) * 3 + (2 - x));
                        assertEquals(expected, ds.getFeatures().getFloat(n, c, y, x), 1e-6f,
                                "180 deg on 4x3: image " + n + " channel " + c + " at (" + y + "," + x + ")");
                    }
                }
            }
        }
    }

    @Test
    void badParametersNameTheParameterAndTheValue() {
        expectBad("rotationDegrees", "min 90.0 > max 10.0", b -> b.rotationDegrees(90, 10));
        expectBad("rotationDegrees", "[0.0, 400.0]", b -> b.rotationDegrees(0, 400));
        expectBad("rotationDegrees", "NaN", b -> b.rotationDegrees(Double.NaN, 10));
        expectBad("scale", "found 0.0", b -> b.scale(0, 1));
        expectBad("scale", "found -0.5", b -> b.scale(-0.5, 1));
        expectBad("scale", "min 1.0, max 0.5", b -> b.scale(1, 0.5));
        expectBad("noiseStd", "found -0.1", b -> b.noiseStd(-0.1));
        expectBad("batchSize", "found 0", b -> b.batchSize(0));
        expectBad("batchSize", "found -3", b -> b.batchSize(-3));
        expectBad("numExamples", "found 0", b -> b.numExamples(0));
        expectBad("normalize", "std 0.0", b -> b.normalize(0.5, 0));
        expectBad("transformLabels", "found -1", b -> b.transformLabels(-1));
        expectBad("dataDir", "null", b -> b.dataDir(null));
    }

    private static void expectBad(String param, String found, Consumer<TransformedImageIterator.Builder> setter) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> setter.accept(TransformedImageIterator.builder()), "bad " + param + " (" + found + ")");
        assertTrue(e.getMessage().contains(param) && e.getMessage().contains(found)
                && e.getMessage().contains("expected"), "bad " + param + ": message " + e.getMessage());
    }

    @Test
    void settingsThatDoNotFitTheData() {
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> slice().train(false).numExamples(201).build(), "more examples than exist");
        assertTrue(tooMany.getMessage().contains("at most 200") && tooMany.getMessage().contains("found 201")
                && tooMany.getMessage().contains("fashion-mnist-slice"), "more examples: " + tooMany.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> slice().train(false).transformLabels(10).build(), "transform label out of range");
        assertTrue(label.getMessage().contains("[0, 10)") && label.getMessage().contains("found 10"),
                "label out of range: " + label.getMessage());
        IllegalArgumentException norm = assertThrows(IllegalArgumentException.class,
                () -> slice().normalize(new double[] {0, 0, 0}, new double[] {1, 1, 1}).build(),
                "3 normalisation channels for 1-channel data");
        assertTrue(norm.getMessage().contains("expected 1 or 1") && norm.getMessage().contains("found 3"),
                "normalisation channels: " + norm.getMessage());
        IllegalArgumentException next = assertThrows(IllegalArgumentException.class,
                () -> slice().build().next(0), "next(0)");
        assertTrue(next.getMessage().contains("found 0"), "next(0): " + next.getMessage());
        assertThrows(DataNotFoundException.class, () -> slice().dataDir(new File(tmp, "missing")).build(),
                "missing data folder through the builder");
    }
}
