package org.wsnn.examples.export;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsnn.data.ImageTask;
import org.wsnn.zoo.CNN;
import org.wsnn.zoo.GCNN;
import org.wsnn.zoo.WSCNN;
import org.wsnn.zoo.WSResNet;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wsnn export --format onnx} end to end: the zoo's WSCNN, GCNN, CNN and WSResNet exported (each file
 * checked in ONNX Runtime by the command itself), then validated by the reference checker,
 * {@code scripts/check_onnx.py} on Debian's python3-onnx (skipped when it is not installed; .ci/run installs
 * it), and the command's answers to bad input.
 */
class OnnxExportCommandTest {

    private static File save(ComputationGraph net, Path dir, String name, ImageTask normalizer) throws IOException {
        File f = dir.resolve(name + ".zip").toFile();
        ModelSerializer.writeModel(net, f, false);
        if (normalizer != null) {
            ModelSerializer.addNormalizerToModel(f, normalizer.normalizer());
        }
        return f;
    }

    private static org.wsnn.examples.common.CliRun export(String... args) {
        return org.wsnn.examples.common.CliRun.of(args);
    }

    @Test
    void zooModelsExportToOnnxFilesThatTheReferenceCheckerAccepts(@TempDir Path dir) throws Exception {
        List<String> files = new ArrayList<>();
        ComputationGraph[] nets = {WSCNN.builder().channels(2).seed(1).build().init(),
                GCNN.builder().channels(2).seed(2).build().init(), CNN.builder().channels(2).seed(3).build().init(),
                WSResNet.builder().channels(2).hidden(8).seed(4).build().init()};
        String[] names = {"wscnn", "gcnn", "cnn", "wsresnet"};
        for (int i = 0; i < nets.length; i++) {
            File model = save(nets[i], dir, names[i], i == 3 ? ImageTask.CIFAR10 : ImageTask.ROTATED);
            File onnx = dir.resolve(names[i] + ".onnx").toFile();
            var r = export("export", "--format", "onnx", "--model-file", model.getPath(), "--out", onnx.getPath());
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("same outputs in ONNX Runtime"), r.out());
            files.add(onnx.getPath());
        }
        Assumptions.assumeTrue(pythonOnnx(), "Debian's python3-onnx is not installed");
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script().getPath()));
        command.addAll(files);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "checker finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals(4, out.lines().filter(l -> l.contains(": valid (onnx")).count(), out);
    }

    @Test
    void badInputGetsOneClearLine(@TempDir Path dir) throws IOException {
        File bare = save(CNN.builder().channels(2).seed(1).build().init(), dir, "bare", null);
        File onnx = dir.resolve("bare.onnx").toFile();
        var r = export("export", "--format", "onnx", "--model-file", bare.getPath(), "--out", onnx.getPath());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("has no input normaliser") && r.err().contains("--without-normalizer"), r.err());
        assertFalse(onnx.exists());
        r = export("export", "--format", "onnx", "--without-normalizer", "--model-file", bare.getPath(), "--out",
                onnx.getPath());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("takes normalised input"), r.out());
        r = export("export", "--format", "onnx", "--without-normalizer", "--model-file", bare.getPath(), "--out",
                onnx.getPath());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("exists") && r.err().contains("--force"), r.err());
        r = export("export", "--format", "tflite", "--model-file", bare.getPath(), "--out", onnx.getPath());
        assertEquals(2, r.exitCode());
        assertEquals("wsnn export: --format expected dl4j or onnx, found tflite", r.err().lines().findFirst().orElse(""),
                r.err());
    }

    private static boolean pythonOnnx() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import onnx").start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static File script() {
        File f = Path.of(System.getProperty("basedir", "."), "..", "scripts", "check_onnx.py").toFile();
        assertTrue(f.isFile(), "checker script expected at " + f);
        return f;
    }
}
