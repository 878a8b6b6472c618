package org.wsnn.zoo;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.wsnn.data.ImageTask;
import org.wsnn.data.TransformedImageIterator;

import java.io.File;
import java.io.InputStream;
import java.util.Properties;
import java.util.zip.Adler32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped checkpoints load offline through {@code initPretrained(MNIST)} (copied into the DL4J resources
 * folder that the Surefire configuration points into {@code target/}) and measure, on the committed
 * 200-image real Fashion-MNIST test slice rotated with the recorded seed, the accuracy recorded beside them.
 */
class PretrainedCheckpointTest {

    @Test
    void wscnnLoadsAndMeasuresItsRecordedAccuracy() throws Exception {
        checkRecordedAccuracy(WSCNN.builder().build(), PretrainedCheckpoint.WSCNN_ROTATED_FASHION_MNIST,
                WSCNN.builder().build().init().numParams());
    }

    @Test
    void gcnnLoadsAndMeasuresItsRecordedAccuracy() throws Exception {
        checkRecordedAccuracy(GCNN.builder().build(), PretrainedCheckpoint.GCNN_ROTATED_FASHION_MNIST,
                GCNN.builder().build().init().numParams());
    }

    @Test
    void cnnLoadsAndMeasuresItsRecordedAccuracy() throws Exception {
        checkRecordedAccuracy(CNN.builder().build(), PretrainedCheckpoint.CNN_ROTATED_FASHION_MNIST,
                CNN.builder().build().init().numParams());
    }

    @Test
    void theRecordsSayHowEachCheckpointWasMade() {
        for (PretrainedCheckpoint c : PretrainedCheckpoint.values()) {
            Properties info = c.info();
            assertEquals("2", info.getProperty("version"), c + ": a v2 checkpoint");
            assertEquals("60000", info.getProperty("trainExamples"), c + ": all training images");
            assertEquals("10000", info.getProperty("testExamples"), c + ": the full test set");
            assertTrue(Double.parseDouble(info.getProperty("trainSeconds")) < 3600, c + ": trained within an hour");
            assertTrue(Long.parseLong(info.getProperty("steps")) > 0, c + ": steps recorded");
            assertTrue(Double.parseDouble(info.getProperty("testAccuracy")) > 0.3, c + ": test accuracy recorded");
        }
        Properties wscnn = PretrainedCheckpoint.WSCNN_ROTATED_FASHION_MNIST.info();
        assertEquals("fast", wscnn.getProperty("recipe"), "the WSCNN's recipe");
        assertNotNull(wscnn.getProperty("discoveredLift"), "what its lifting stack rounds to");
    }

    @Test
    void aVersion1CheckpointStillLoadsAndMeasuresItsRecordedAccuracy() throws Exception {
        String base = "/org/wsnn/zoo/pretrained-v1/gcnn-rotated-fashion-mnist-v1.1";
        Properties info = new Properties();
        try (InputStream in = PretrainedCheckpointTest.class.getResourceAsStream(base + ".properties")) {
            info.load(in);
        }
        ComputationGraph net;
        org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize normalizer;
        try (InputStream in = PretrainedCheckpointTest.class.getResourceAsStream(base + ".zip")) {
            byte[] zip = in.readAllBytes();
            net = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(new java.io.ByteArrayInputStream(zip),
                    false);
            normalizer = org.deeplearning4j.util.ModelSerializer.restoreNormalizerFromInputStream(
                    new java.io.ByteArrayInputStream(zip));
        }
        assertEquals(GCNN.builder().build().init().numParams(), net.numParams(), "the v1 GCNN's architecture");
        assertEquals(Double.parseDouble(info.getProperty("sliceAccuracy")), accuracyOnSlice(net, normalizer,
                Integer.parseInt(info.getProperty("sliceExamples")), Long.parseLong(info.getProperty("sliceSeed"))),
                1e-6, "a v1 file measures what it recorded");
    }

    @Test
    void checksumsMatchTheResources() throws Exception {
        for (PretrainedCheckpoint c : PretrainedCheckpoint.values()) {
            Adler32 adler = new Adler32();
            try (InputStream in = PretrainedCheckpointTest.class.getResourceAsStream(c.resource())) {
                assertNotNull(in, c + ": resource " + c.resource() + " packaged");
                adler.update(in.readAllBytes());
            }
            assertEquals(c.checksum(), adler.getValue(), c + ": the recorded Adler32 agrees with the resource");
        }
    }

    @Test
    void onlyTheDefaultArchitectureAndMnistHaveACheckpoint() {
        assertNull(WSCNN.builder().channels(8).build().pretrainedUrl(PretrainedType.MNIST), "8-channel WSCNN");
        assertNull(GCNN.builder().kernelSize(3).build().pretrainedUrl(PretrainedType.MNIST), "k = 3 GCNN");
        assertNull(WSCNN.builder().build().pretrainedUrl(PretrainedType.CIFAR10), "CIFAR10");
        assertNull(CNN.builder().channels(8).build().pretrainedUrl(PretrainedType.MNIST), "8-channel CNN");
        assertEquals(0L, WSCNN.builder().build().pretrainedChecksum(PretrainedType.IMAGENET), "no checksum");
        assertThrows(UnsupportedOperationException.class,
                () -> WSCNN.builder().channels(8).build().initPretrained(PretrainedType.MNIST), "non-default");
        assertTrue(WSCNN.builder().seed(99).build().pretrainedUrl(PretrainedType.MNIST) != null,
                "the seed does not change the architecture");
    }

    private static void checkRecordedAccuracy(ZooModel<?> zoo, PretrainedCheckpoint c, long expectedParams)
            throws Exception {
        String url = zoo.pretrainedUrl(PretrainedType.MNIST);
        assertNotNull(url, c + ": pretrainedUrl");
        assertTrue(url.startsWith("jar:") || url.startsWith("file:"), c + ": classpath URL, found " + url);
        assertEquals(c.checksum(), zoo.pretrainedChecksum(PretrainedType.MNIST), c + ": checksum");
        String resources = System.getProperty("org.deeplearning4j.resources.directory");
        assertNotNull(resources, "tests must point DL4J's resources folder into target/");

        ComputationGraph net = zoo.initPretrained(PretrainedType.MNIST);
        assertEquals(expectedParams, net.numParams(), c + ": default architecture");
        assertTrue(new File(resources, "models/" + zoo.modelName()).isDirectory(), c + ": copied into " + resources);

        Properties info = c.info();
        int examples = Integer.parseInt(info.getProperty("sliceExamples"));
        long seed = Long.parseLong(info.getProperty("sliceSeed"));
        // inference as a user does it: the raw [0, 1] pixels, normalised by the checkpoint's own normaliser
        org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize normalizer = c.normalizer();
        assertEquals(0.1307, normalizer.getMean().getDouble(0), 1e-6, c + ": stored mean");
        assertEquals(0.3081, normalizer.getStd().getDouble(0), 1e-6, c + ": stored std");
        TransformedImageIterator test = ImageTask.ROTATED.builder().dataDir(slice()).train(false)
                .numExamples(examples).seed(seed).preProcessor(normalizer).build();
        // negative control: without the normaliser the network sees other inputs
        TransformedImageIterator raw = ImageTask.ROTATED.builder().dataDir(slice()).train(false)
                .numExamples(examples).seed(seed).preProcessor(null).build();
        DataSet first = raw.next();
        test.reset();
        assertTrue(first.getFeatures().sub(test.next().getFeatures()).amaxNumber().doubleValue() > 1,
                c + ": the normaliser changes the inputs");
        double recorded = Double.parseDouble(info.getProperty("sliceAccuracy"));
        assertEquals(recorded, accuracyOnSlice(net, normalizer, examples, seed), 1e-6, c + ": accuracy on the "
                + examples + "-image rotated slice (seed " + seed + ")");
        assertTrue(recorded > 0.3, c + ": clearly better than chance (0.1), recorded " + recorded);
    }

    /** Accuracy on the first {@code examples} of the rotated slice, normalised by {@code normalizer}. */
    private static double accuracyOnSlice(ComputationGraph net,
                                          org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize normalizer,
                                          int examples, long seed) throws Exception {
        TransformedImageIterator test = ImageTask.ROTATED.builder().dataDir(slice()).train(false)
                .numExamples(examples).seed(seed).preProcessor(normalizer).build();
        Evaluation evaluation = new Evaluation(10);
        while (test.hasNext()) {
            DataSet batch = test.next();
            evaluation.eval(batch.getLabels(), net.outputSingle(false, batch.getFeatures()));
        }
        return evaluation.accuracy();
    }

    /** The committed Fashion-MNIST slice of wsnn-core (one copy in the repository), from the module folder. */
    private static File slice() {
        File f = java.nio.file.Path.of(System.getProperty("basedir", "."), "..", "wsnn-core", "src", "test",
                "resources", "fashion-mnist-slice").toFile();
        assertTrue(new File(f, "t10k-images-idx3-ubyte.gz").isFile(), "Fashion-MNIST slice expected at " + f);
        return f;
    }
}
