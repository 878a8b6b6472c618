package org.wsnn.examples.common;

import org.wsnn.train.Trainer;
import org.wsnn.train.checkpoint.AtomicFiles;
import org.wsnn.train.checkpoint.Checkpoint;
import org.wsnn.train.checkpoint.CheckpointInfo;
import org.wsnn.train.registry.DataChoice;
import org.wsnn.train.registry.MemoryEstimate;
import org.wsnn.train.registry.ModelChoice;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.data.TransformedImageIterator;
import org.wsnn.layers.training.TrainingDivergedException;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per class of defect in the reliability issue: resume without the state it claims, outputs that
 * destroy inputs, errors that escape the one-line handler, sizes nobody checked, data errors that name
 * nothing, training that diverges, validation after the work. Tiny real data (the committed Fashion-MNIST
 * slice), a 2-channel WSCNN.
 */
class ReliabilityTest {

    @TempDir
    static Path shared;

    static File run;

    @BeforeAll
    static void trainOnce() {
        run = shared.resolve("run").toFile();
        CliRun.of(ModelCommandsTest.trainArgs(run, "--epochs", "1")).ok("train wscnn");
    }

    private static File checkpoint() {
        return new File(run, Checkpoint.CHECKPOINT_FILE);
    }

    // 1. resume claims state it does not have

    @Test
    void resumeWithoutUpdaterStateIsRefusedUnlessAFreshOptimizerIsAsked(@TempDir Path dir) throws IOException {
        File copy = dir.resolve("copy").toFile();
        Files.createDirectories(copy.toPath());
        Files.copy(new File(run, Checkpoint.MODEL_FILE).toPath(), copy.toPath().resolve(Checkpoint.CHECKPOINT_FILE));
        byte[] before = Files.readAllBytes(copy.toPath().resolve(Checkpoint.CHECKPOINT_FILE));
        CliRun.of(ModelCommandsTest.trainArgs(copy, "--epochs", "2", "--resume"))
                .fails("model.zip as checkpoint", 1, "has no updater state", "--fresh-updater");
        assertArrayEquals(before, Files.readAllBytes(copy.toPath().resolve(Checkpoint.CHECKPOINT_FILE)), "untouched");
        CliRun r = CliRun.of(ModelCommandsTest.trainArgs(copy, "--epochs", "2", "--resume", "--fresh-updater"))
                .ok("fresh optimizer asked for");
        assertTrue(r.out().contains("fresh optimizer (--fresh-updater; the checkpoint has no updater state)")
                && !r.out().contains("updater state restored"), r.out());
        assertEquals(2, Checkpoint.readInfo(new File(copy, Checkpoint.CHECKPOINT_FILE)).orElseThrow().epoch());
        CliRun.of(ModelCommandsTest.trainArgs(dir.resolve("new").toFile(), "--fresh-updater"))
                .fails("--fresh-updater without --resume", 1, "only applies with --resume");
    }

    @Test
    void aCheckpointWhoseNetworkIsNotItsRecordedModelIsRefused(@TempDir Path dir) throws IOException {
        File other = dir.resolve("other").toFile();
        CheckpointInfo info = Checkpoint.readInfo(checkpoint()).orElseThrow();
        ComputationGraph cnn = ModelChoice.CNN.build(2, 3);
        Checkpoint.save(cnn, info, other.toPath().resolve(Checkpoint.CHECKPOINT_FILE), true);
        CliRun.of(ModelCommandsTest.trainArgs(other, "--epochs", "2", "--resume"))
                .fails("a CNN recorded as wscnn", 1, "records wscnn with 2 channels but holds");
    }

    // 2. outputs that destroy inputs

    @Test
    void noCommandWritesOntoItsInputOrOverExistingFilesWithoutForce(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model.zip");
        Files.copy(new File(run, Checkpoint.MODEL_FILE).toPath(), model);
        byte[] before = Files.readAllBytes(model);
        CliRun.of("export", "--model-file", model.toString(), "--out", model.toString(), "--force")
                .fails("export onto its input, even with --force", 1, "is an input of this command");
        CliRun.of("harden", "--model-file", model.toString(), "--out", model.toString(), "--force")
                .fails("harden onto its input", 1, "is an input of this command");
        assertArrayEquals(before, Files.readAllBytes(model), "the learned model is intact");

        Path existing = dir.resolve("exported.zip");
        Files.writeString(existing, "keep me");
        CliRun.of("export", "--model-file", model.toString(), "--out", existing.toString())
                .fails("export over a file", 1, "exists; give --force");
        assertEquals("keep me", Files.readString(existing));
        CliRun.of("export", "--model-file", model.toString(), "--out", existing.toString(), "--force").ok("--force");
        assertTrue(Checkpoint.readInfo(existing.toFile()).isEmpty(), "replaced by the export");

        Path json = dir.resolve("eval.json");
        Files.writeString(json, "{}");
        CliRun.of("eval", "--model-file", model.toString(), "--data-dir", CliRun.slice().getPath(), "--test-examples",
                "32", "--json", json.toString()).fails("eval --json over a file", 1, "--json", "exists; give --force");
        assertEquals("{}", Files.readString(json));

        File inspect = dir.resolve("inspect").toFile();
        CliRun.of("inspect", "--model-file", model.toString(), "--out", inspect.getPath()).ok("inspect");
        CliRun.of("inspect", "--model-file", model.toString(), "--out", inspect.getPath())
                .fails("inspect into a folder holding a report", 1, "already holds", InspectCommandReport.FILE, "--force");
        CliRun.of("inspect", "--model-file", model.toString(), "--out", inspect.getPath(), "--force").ok("--force");

        File trainDir = dir.resolve("train").toFile();
        Files.createDirectories(trainDir.toPath());
        Files.writeString(trainDir.toPath().resolve("metrics.json"), "{\"mine\": 1}");
        CliRun.of(ModelCommandsTest.trainArgs(trainDir)).fails("train into a folder with metrics.json", 1,
                "already holds metrics.json", "--force");
        assertEquals("{\"mine\": 1}", Files.readString(trainDir.toPath().resolve("metrics.json")));
    }

    @Test
    void jsonOutputsAreAtomicAndStaleTemporariesAreRemoved(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("summary.json");
        Path stale = dir.resolve(".summary.json.12345.tmp");
        Files.writeString(stale, "half a summ");
        AtomicFiles.writeJson(target, java.util.Map.of("a", 1));
        assertFalse(Files.exists(stale), "a killed write's temporary file is removed by the next write");
        assertEquals(1, new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(target.toFile()).get("a").asInt());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "nothing else left in the folder");
        }
    }

    // 3. errors that escape

    @Test
    void errorsIncludingOutOfMemoryGiveOneLine() {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create().name("probe");
        CommandLine cl = new CommandLine(spec);
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err, true));
        int code = Commands.run(spec, () -> {
            throw new OutOfMemoryError("Java heap space");
        });
        assertEquals(CliException.EXIT_CODE, code);
        assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
        assertTrue(err.toString().contains("probe: out of memory (Java heap space)") && err.toString().contains("--channels"),
                err.toString());
        assertTrue(Commands.describe("x", new StackOverflowError()).contains("internal error: stack overflow"));
        assertTrue(Commands.describe("x", new RuntimeException("Op [conv2d] execution failed\n  at native"))
                .endsWith("Op [conv2d] execution failed"), "native multi-line messages are cut to their first line");
    }

    @Test
    void learnSymmetryDivergenceIsOneLine(@TempDir Path dir) {
        CliRun.of("learn-symmetry", "--task", "shift-1d", "--steps", "30", "--learning-rate", "1e30",
                "--no-progress", "--out", dir.resolve("ls").toString())
                .fails("learn-symmetry with an absurd learning rate", 1, "training diverged at iteration");
    }

    // 4. sizes nobody checked

    @Test
    void aModelThatCannotFitIsRefusedBeforeAnythingIsAllocated(@TempDir Path dir) {
        long start = System.nanoTime();
        File out = dir.resolve("huge").toFile();
        CliRun r = CliRun.of("train", "--model", "wscnn", "--channels", "100000", "--data-dir",
                CliRun.slice().getPath(), "--train-examples", "64", "--test-examples", "32", "--out", out.getPath(),
                "--no-progress").fails("--channels 100000", 1, "does not fit in memory", "parameters", "GiB");
        assertTrue(r.err().contains("40000000000") || r.err().matches("(?s).*\\d{11,} parameters.*"),
                "the parameter count, without int overflow: " + r.err());
        assertTrue((System.nanoTime() - start) / 1e9 < 60, "refused at once");
        assertFalse(out.exists(), "no folder made for a refused run");
        MemoryEstimate small = ModelChoice.WSCNN.requireFits(2, 32);
        assertTrue(small.bytes() > 0 && small.bytes() < 1L << 30, "a 2-channel WSCNN fits: " + small);
        for (ModelChoice m : ModelChoice.values()) {
            MemoryEstimate paper = m.requireFits(-1, 64);   // the paper's models at their default size fit
            assertEquals(m.build(-1, 1).numParams(), paper.parameters(), "parameter count of " + m.cliName());
            System.out.println("memory lower bound, " + m.cliName() + " batch 64: " + paper);
        }
    }

    // 5. data errors that name nothing

    @Test
    void damagedModelFilesNameWhatIsWrong(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("truncated.zip");
        Files.copy(new File(run, Checkpoint.MODEL_FILE).toPath(), truncated);
        try (FileSystem zip = FileSystems.newFileSystem(truncated)) {
            Path coefficients = zip.getPath("coefficients.bin");
            byte[] bytes = Files.readAllBytes(coefficients);
            Files.write(coefficients, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }
        CliRun.of("inspect", "--model-file", truncated.toString(), "--out", dir.resolve("i").toString())
                .fails("truncated coefficients.bin", 1, "is truncated");

        ComputationGraph nan = Checkpoint.load(new File(run, Checkpoint.MODEL_FILE), false);
        nan.getLayer("conv2").getParam("W").putScalar(0, Double.NaN);
        Path nanFile = dir.resolve("nan.zip");
        ModelSerializer.writeModel(nan, nanFile.toFile(), false);
        CliRun.of("eval", "--model-file", nanFile.toString(), "--data-dir", CliRun.slice().getPath())
                .fails("NaN parameters", 1, "parameter W of layer conv2 has 1 NaN or infinite value");
        assertThrows(org.wsnn.train.InputException.class, () -> Checkpoint.save(nan, null, dir.resolve("never.zip"), false));
        assertFalse(Files.exists(dir.resolve("never.zip")), "NaN parameters are never written");

        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo available");
        CliRun.of("eval", "--model-file", fifo.toString()).fails("a FIFO as model file", 1, "special file");
    }

    @Test
    void aLabelOutsideTheClassesIsNamedBeforeDl4jSeesIt(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        for (String f : new String[]{"train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Files.copy(CliRun.slice().toPath().resolve(f), data.resolve(f));
        }
        byte[] labels = new byte[8 + 200];
        labels[3] = 1;
        labels[2] = 8;   // magic 0x00000801
        labels[7] = (byte) 200;   // count 200
        labels[8 + 17] = (byte) 200;
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(data.resolve("train-labels-idx1-ubyte.gz")))) {
            out.write(labels);
        }
        File runDir = dir.resolve("run").toFile();
        CliRun.of("train", "--model", "cnn", "--channels", "2", "--data-dir", data.toString(), "--train-examples", "64",
                "--out", runDir.getPath(), "--no-progress")
                .fails("label 200", 1, "train-labels-idx1-ubyte.gz", "record 17 has label 200", "0..9");
        assertFalse(runDir.exists(), "train makes its folder only once the data is validated");
    }

    // 6. training that diverges

    @Test
    void divergenceStopsTrainingBeforeTheCheckpointIsWritten(@TempDir Path dir) throws IOException {
        ComputationGraph net = ModelChoice.CNN.build(2, 1);
        net.getLayer("conv1").getParam("W").assign(Double.POSITIVE_INFINITY);
        TransformedImageIterator train = DataChoice.PLAIN.iterator(CliRun.slice(), true, 64, 32, 1);
        boolean[] saved = {false};
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.train(net, train,
                0, 2, "cnn", org.wsnn.train.TrainingProgress.NONE, epoch -> saved[0] = true));
        assertFalse(saved[0], "no epoch callback (checkpoint) after divergence");
        assertEquals(0, e.getIteration(), "the first step: " + e.getMessage());
        assertTrue(e.getMessage().contains("parameters are NaN or infinite"), e.getMessage());
        assertTrue(net.getListeners().isEmpty(), "the guard is removed from the network afterwards");
    }

    // 8. validate before the work

    @Test
    void outputsAreCheckedBeforeTheModelIsLoaded(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("e.json");
        Files.writeString(json, "{}");
        CliRun.of("eval", "--model-file", dir.resolve("missing.zip").toString(), "--json", json.toString())
                .fails("--json checked first", 1, "--json", "exists");
        Path folderOut = Files.createDirectories(dir.resolve("a-folder"));
        CliRun.of("export", "--model-file", dir.resolve("missing.zip").toString(), "--out", folderOut.toString())
                .fails("--out checked first", 1, "--out expected a file, found a folder");
        File bad = new File(dir.toFile(), "bad\uFFFDname");
        CliRun.of(ModelCommandsTest.trainArgs(bad)).fails("an undecodable path", 1, "not valid in the platform's "
                + "file-name encoding");
        assertFalse(bad.exists(), "no folder made");
    }

    /** The inspect report's file name, kept beside the test that needs it. */
    private static final class InspectCommandReport {
        static final String FILE = org.wsnn.examples.inspect.InspectCommand.REPORT_FILE;
    }

    @Test
    void theNetworkIsBackToFloatInput() {
        // guard against a test above leaving the global ND4J state changed
        assertEquals(DataType.FLOAT, Nd4j.defaultFloatingPointType());
    }
}
