package org.wsnn.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.train.InputException;
import org.wsnn.train.TrainingProgress;
import org.wsnn.train.TrainingRun;
import org.wsnn.train.registry.DataChoice;
import org.wsnn.train.registry.ModelChoice;
import org.wsnn.zoo.WSResNet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wsnn on Spark in local mode ({@code local[2]}, loopback only), on the committed real Fashion-MNIST slice
 * (64 training images, batch 32): DL4J's Spark training master (1.0.0-M2, aligned with the M2.1 stack)
 * trains a WSCNN with learned weight sharing and lowers its loss; with one worker and averaging frequency 1
 * it equals single-machine training on the same batches; a Spark run resumes exactly; bad input gets one
 * line.
 */
class SparkTrainingTest {

    private static JavaSparkContext sc;

    @BeforeAll
    static void spark() {
        sc = SparkMasters.open("local[2]", "wsnn-test");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    private static File slice() {
        File f = Path.of(System.getProperty("basedir", "."), "..", "wsnn-core", "src", "test", "resources",
                "fashion-mnist-slice").toFile();
        assertTrue(new File(f, "t10k-images-idx3-ubyte.gz").isFile(), "Fashion-MNIST slice expected at " + f);
        return f;
    }

    private static TrainingRun.Settings settings() {
        return new TrainingRun.Settings(ModelChoice.WSCNN, DataChoice.ROTATED, slice(), 5, 2, 32, 64, 32);
    }

    private static SparkTrainer trainer(int workers, Path tmp) {
        return new SparkTrainer(sc, new SparkOptions(workers, 1, 32), tmp.resolve("batches").toFile());
    }

    private static double testLoss(TrainingRun run) {
        run.testData().reset();
        DataSet all = run.testData().next();
        return run.network().score(all);
    }

    @Test
    void twoWorkersLowerTheLossOfAWscnnWithLearnedWeightSharing(@TempDir Path tmp) throws IOException {
        TrainingRun run = TrainingRun.start(settings(), tmp.resolve("run").toFile());
        double before = testLoss(run);
        INDArray logitsBefore = run.network().getLayer("lift").getParam(WeightSharingConvolution.REPRESENTATION_KEY).dup();
        List<String> labels = new ArrayList<>();
        run.fit(3, new TrainingProgress() {
            @Override
            public void epochStarted(String label, long images) {
                labels.add(label);
            }
        }, trainer(2, tmp));
        double after = testLoss(run);
        assertTrue(after < before, "test loss " + before + " -> " + after);
        assertEquals(3, run.info().epoch());
        assertEquals(List.of("wscnn epoch 1/3 on Spark (2 workers)", "wscnn epoch 2/3 on Spark (2 workers)",
                "wscnn epoch 3/3 on Spark (2 workers)"), labels);
        assertFalse(run.network().getLayer("lift").getParam(WeightSharingConvolution.REPRESENTATION_KEY).equals(logitsBefore),
                "the representation logits (their own updater) were trained on the executors");
        assertTrue(run.checkpoint().isFile() && run.modelFile().isFile());
        assertFalse(tmp.resolve("batches").resolve("epoch-3").toFile().exists(), "batch files removed");
    }

    @Test
    void oneWorkerAveragingEveryStepEqualsSingleMachineTraining(@TempDir Path tmp) throws IOException {
        TrainingRun local = TrainingRun.start(settings(), tmp.resolve("local").toFile());
        local.fit(2, TrainingProgress.NONE);
        TrainingRun spark = TrainingRun.start(settings(), tmp.resolve("spark").toFile());
        spark.fit(2, TrainingProgress.NONE, trainer(1, tmp));
        float[] a = local.network().params().toFloatVector();
        float[] b = spark.network().params().toFloatVector();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        assertTrue(max < 1e-5, "single machine and Spark (1 worker, averaging 1) differ by " + max);
        assertEquals(local.info().iteration(), spark.info().iteration(), "steps");
    }

    @Test
    void sharedGradientsTrainOnLoopback(@TempDir Path tmp) throws IOException {
        TrainingRun run = TrainingRun.start(settings(), tmp.resolve("shared").toFile());
        INDArray before = run.network().params().dup();
        run.fit(2, TrainingProgress.NONE, new SparkTrainer(sc, new SparkOptions(2, 1, 32,
                SparkOptions.Mode.SHARED_GRADIENTS), tmp.resolve("batches").toFile()));
        INDArray after = run.network().params();
        assertTrue(Double.isFinite(after.sumNumber().doubleValue()), "finite parameters");
        assertTrue(after.sub(before).amaxNumber().doubleValue() > 1e-4, "the shared updates reached the driver's "
                + "network: max |change| " + after.sub(before).amaxNumber());
        assertEquals(2, run.info().epoch());
    }

    @Test
    void aSparkRunResumesExactly(@TempDir Path tmp) throws IOException {
        TrainingRun whole = TrainingRun.start(settings(), tmp.resolve("whole").toFile());
        whole.fit(2, TrainingProgress.NONE, trainer(1, tmp));
        File split = tmp.resolve("split").toFile();
        TrainingRun.start(settings(), split).fit(1, TrainingProgress.NONE, trainer(1, tmp));
        TrainingRun resumed = TrainingRun.resume(split, null, -1, false);
        assertTrue(resumed.resumption().updaterRestored());
        resumed.fit(2, TrainingProgress.NONE, trainer(1, tmp));
        assertArrayEquals(whole.network().params().toFloatVector(), resumed.network().params().toFloatVector(),
                "1 + 1 resumed Spark epochs equal 2");
    }

    @Test
    void badInputGetsOneClearLine(@TempDir Path tmp) throws IOException {
        assertMessage(() -> SparkMasters.check("local[0]"), "at least 1 local thread");
        assertMessage(() -> SparkMasters.check("lokal[2]"), "cannot be parsed");
        long start = System.nanoTime();
        assertMessage(() -> SparkMasters.check("spark://127.0.0.1:1"), "cannot be reached");
        assertTrue((System.nanoTime() - start) / 1e9 < SparkMasters.CONNECT_TIMEOUT_MS / 1000.0 + 1, "bounded");
        assertMessage(() -> new SparkOptions(0, 1, 32), "workers expected at least 1, found 0");
        assertMessage(() -> new SparkOptions(1, 0, 32), "averaging frequency expected at least 1, found 0");
        TrainingRun run = TrainingRun.start(settings(), tmp.resolve("r").toFile());
        assertMessage(() -> run.fit(1, TrainingProgress.NONE, trainer(3, tmp)),
                "the epoch has 2 batch(es) of 32 for 3 workers");
        ComputationGraph resnet = WSResNet.builder().channels(2).hidden(4).build().init();
        assertMessage(() -> SparkTrainer.requireSupported(resnet), "is a GroupBatchNorm");
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void assertMessage(Action action, String fragment) {
        InputException e = assertThrows(InputException.class, action::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
