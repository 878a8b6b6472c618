package org.wsnn.examples.common;

import org.wsnn.train.checkpoint.Checkpoint;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.examples.WsnnCommand;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training process killed with SIGKILL (mid-epoch, or mid-way through writing its checkpoint) resumes
 * to exactly the network of an uninterrupted run: the checkpoint is only ever replaced atomically, and a
 * killed write's temporary file is cleaned up on resume.
 */
class KillAndResumeTest {

    private static String[] args(File out, int epochs, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--model", "wscnn", "--data", "rotated", "--data-dir",
                CliRun.slice().getPath(), "--train-examples", "192", "--test-examples", "32", "--batch-size", "32",
                "--channels", "2", "--seed", "5", "--out", out.getPath(), "--no-progress", "--epochs",
                String.valueOf(epochs)));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void sigkillDuringTrainingThenResumeEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Assumptions.assumeTrue(classpath != null && classpath.contains("wsnn"), "test classpath known");
        File killed = dir.resolve("killed").toFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", classpath, WsnnCommand.class.getName()));
        command.addAll(List.of(args(killed, 4)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        File checkpoint = new File(killed, Checkpoint.CHECKPOINT_FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!checkpoint.isFile() && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(checkpoint.isFile(), "the first epoch's checkpoint appeared:\n" + Files.readString(dir.resolve("child.log")));
        Thread.sleep(400);   // into the second epoch (six steps of about 0.2 s each)
        assertTrue(child.isAlive(), "still training when killed");
        child.destroyForcibly();   // SIGKILL on Linux
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "killed");
        int done = Checkpoint.readInfo(checkpoint).orElseThrow().epoch();
        assertTrue(done >= 1 && done < 4, "killed part-way: " + done + " epoch(s) in the checkpoint");

        CliRun resumed = CliRun.of(args(killed, 4, "--resume")).ok("resume after SIGKILL");
        assertTrue(resumed.out().contains("updater state restored"), resumed.out());
        File straight = dir.resolve("straight").toFile();
        CliRun.of(args(straight, 4)).ok("uninterrupted run");
        assertSameNetwork(checkpoint, new File(straight, Checkpoint.CHECKPOINT_FILE));
    }

    @Test
    void aKillMidWriteLeavesTheOldCheckpointAndItsTemporaryFileWhichResumeCleansUp(@TempDir Path dir)
            throws IOException {
        File run = dir.resolve("run").toFile();
        CliRun.of(args(run, 1)).ok("one epoch");
        // what SIGKILL during the next checkpoint write leaves: the old checkpoint and a partial temporary file
        Path partial = run.toPath().resolve(".checkpoint.zip.8472651.tmp");
        byte[] old = Files.readAllBytes(run.toPath().resolve(Checkpoint.CHECKPOINT_FILE));
        Files.write(partial, java.util.Arrays.copyOf(old, old.length / 3));
        CliRun r = CliRun.of(args(run, 2, "--resume")).ok("resume");
        assertTrue(r.out().contains("removed 1 temporary file(s) of an interrupted write"), r.out());
        assertFalse(Files.exists(partial), "the partial file is gone");
        File straight = dir.resolve("straight").toFile();
        CliRun.of(args(straight, 2)).ok("uninterrupted run");
        assertSameNetwork(new File(run, Checkpoint.CHECKPOINT_FILE), new File(straight, Checkpoint.CHECKPOINT_FILE));
    }

    private static void assertSameNetwork(File a, File b) {
        ComputationGraph x = Checkpoint.load(a, true);
        ComputationGraph y = Checkpoint.load(b, true);
        assertEquals(y.getConfiguration().getIterationCount(), x.getConfiguration().getIterationCount(), "iterations");
        INDArray diff = x.params().sub(y.params());
        assertEquals(0.0, diff.amaxNumber().doubleValue(), 0.0, "bit-identical parameters after the resume");
        assertEquals(0.0, x.getUpdater().getStateViewArray().sub(y.getUpdater().getStateViewArray()).amaxNumber()
                .doubleValue(), 0.0, "identical updater state");
    }
}
