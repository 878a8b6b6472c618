package org.wsnn.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.wsnn.train.checkpoint.Checkpoint;
import org.wsnn.train.checkpoint.CheckpointInfo;
import org.wsnn.train.registry.DataChoice;
import org.wsnn.train.registry.ModelChoice;
import org.wsnn.train.report.RepresentationReport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training as a library, with nothing of the command line: a run started, checkpointed and resumed
 * through {@link TrainingRun} ends bit-identical to an uninterrupted one; a caller's DL4J listener and
 * {@link TrainingProgress} are called; the module's classpath holds no CLI, plotting or terminal library
 * (the enforcer's {@code library-dependencies} rule bans those, logging bindings and test libraries at
 * compile and runtime scope in every library module). Data: the committed real Fashion-MNIST slice (64 training, 32 test images).
 */
class TrainingRunTest {

    private static File slice() {
        File f = Path.of(System.getProperty("basedir", "."), "..", "wsnn-core", "src", "test", "resources",
                "fashion-mnist-slice").toFile();
        assertTrue(new File(f, "t10k-images-idx3-ubyte.gz").isFile(), "Fashion-MNIST slice expected at " + f);
        return f;
    }

    private static TrainingRun.Settings settings() {
        return new TrainingRun.Settings(ModelChoice.WSCNN, DataChoice.ROTATED, slice(), 5, 2, 32, 64, 32);
    }

    @Test
    void resumedRunEndsBitIdenticalToAnUninterruptedOne(@TempDir Path tmp) throws IOException {
        File whole = tmp.resolve("whole").toFile();
        TrainingRun a = TrainingRun.start(settings(), whole);
        AtomicInteger steps = new AtomicInteger();
        a.network().addListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                steps.incrementAndGet();
            }
        });
        List<String> progress = new ArrayList<>();
        a.fit(2, new TrainingProgress() {
            @Override
            public void epochStarted(String label, long images) {
                progress.add(label + " " + images);
            }
        });
        assertEquals(List.of("wscnn epoch 1/2 64", "wscnn epoch 2/2 64"), progress);
        assertEquals(4, steps.get(), "the caller's DL4J listener saw every step (2 epochs x 2 batches)");
        assertEquals(2, a.info().epoch());
        assertTrue(a.modelFile().isFile() && a.checkpoint().isFile());

        File split = tmp.resolve("split").toFile();
        TrainingRun b = TrainingRun.start(settings(), split);
        b.fit(1, TrainingProgress.NONE);
        TrainingRun c = TrainingRun.resume(split, null, -1, false);
        assertTrue(c.resumption().updaterRestored());
        assertEquals(1, c.info().epoch());
        c.fit(2, TrainingProgress.NONE);

        assertArrayEquals(a.network().params().toFloatVector(), c.network().params().toFloatVector(),
                "parameters after 1 + 1 resumed epochs equal those after 2");
        assertArrayEquals(a.network().getUpdater().getStateViewArray().toFloatVector(),
                c.network().getUpdater().getStateViewArray().toFloatVector(), "updater state too");
        Evaluation eval = c.evaluate();
        assertEquals(32, eval.getNumRowCounter());
        assertTrue(Checkpoint.readNormalizer(c.modelFile()).isPresent(), "the model file carries its normaliser");
        assertFalse(RepresentationReport.of(c.network(), RepresentationReport.Truth.C4).learnedLayers().isEmpty());
    }

    @Test
    void resumeRefusesACheckpointWithoutUpdaterStateUnlessAFreshOptimizerIsAsked(@TempDir Path tmp)
            throws IOException {
        File dir = tmp.resolve("run").toFile();
        TrainingRun.start(settings(), dir).fit(1, TrainingProgress.NONE);
        File copy = tmp.resolve("copy").toFile();
        Files.createDirectories(copy.toPath());
        Files.copy(new File(dir, Checkpoint.MODEL_FILE).toPath(), TrainingRun.checkpointFile(copy).toPath());
        InputException e = assertThrows(InputException.class, () -> TrainingRun.resume(copy, null, -1, false));
        assertTrue(e.getMessage().contains("has no updater state"), e.getMessage());
        TrainingRun fresh = TrainingRun.resume(copy, null, -1, true);
        assertFalse(fresh.resumption().updaterRestored());
        assertFalse(fresh.resumption().hadUpdaterState());
    }

    @Test
    void aModelThatDoesNotTakeTheDataIsRefusedBeforeAnythingIsWritten(@TempDir Path tmp) {
        File dir = tmp.resolve("never").toFile();
        TrainingRun.Settings cifarModel = new TrainingRun.Settings(ModelChoice.RESNET, DataChoice.ROTATED, slice(),
                1, 2, 32, 64, 32);
        InputException e = assertThrows(InputException.class, () -> TrainingRun.start(cifarModel, dir));
        assertTrue(e.getMessage().contains("3×32×32") && e.getMessage().contains("1×28×28"), e.getMessage());
        assertFalse(dir.exists(), "no folder made");
        assertThrows(InputException.class, () -> TrainingRun.checkpointInfo(dir));
    }

    @Test
    void theLibraryClasspathHoldsNoCommandLinePlottingOrTerminalLibrary() {
        for (String cls : new String[]{"picocli.CommandLine",
                "org.knowm.xchart.HeatMapChart", "me.tongfei.progressbar.ProgressBar"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(cls), cls + " is on wsnn-train's classpath");
        }
    }

    @Test
    void checkpointInfoRecordsTheSettings(@TempDir Path tmp) throws IOException {
        TrainingRun run = TrainingRun.start(settings(), tmp.resolve("r").toFile());
        CheckpointInfo info = run.info();
        assertEquals("wscnn", info.model());
        assertEquals("rotated", info.data());
        assertEquals(2, info.channels());
        assertEquals(64, info.trainExamples());
        assertEquals(32, info.testExamples());
        ComputationGraph net = run.network();
        assertEquals(0, net.getConfiguration().getEpochCount());
    }
}
