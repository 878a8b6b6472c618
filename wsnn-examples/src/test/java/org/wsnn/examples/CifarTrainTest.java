package org.wsnn.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wsnn train} with the CIFAR-10 ResNets on a tiny generated CIFAR-10 folder (the binary layout: 1 label byte +
 * 3,072 pixel bytes per record; no CIFAR data exists here), and the shape-mismatch errors.
 */
class CifarTrainTest {

    private static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    /** Writes data_batch_1..5 (perBatch records each) and test_batch.bin; record i has label i % 10. */
    private static void writeCifar(Path dir, int perBatch, int testCount) throws IOException {
        for (int b = 0; b < 5; b++) {
            Files.write(dir.resolve("data_batch_" + (b + 1) + ".bin"), records(b * perBatch, perBatch));
        }
        Files.write(dir.resolve("test_batch.bin"), records(1000, testCount));
    }

    private static byte[] records(int first, int count) {
        byte[] out = new byte[count * RECORD_BYTES];
        for (int r = 0; r < count; r++) {
            int i = first + r;
            out[r * RECORD_BYTES] = (byte) (i % 10);
            for (int p = 1; p < RECORD_BYTES; p++) {
                out[r * RECORD_BYTES + p] = (byte) (i * 31 + p * 7);
            }
        }
        return out;
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = WsnnCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void train(Path data, Path out, String model) {
        Run r = run("train", "--model", model, "--channels", "2", "--data", "cifar10", "--data-dir", data.toString(),
                "--epochs", "1", "--train-examples", "64", "--test-examples", "32", "--batch-size", "32",
                "--out", out.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), model + ": exit code\nstdout:\n" + r.out() + "\nstderr:\n" + r.err());
        assertTrue(Files.isRegularFile(out.resolve("metrics.json")), model + ": metrics.json");
        assertTrue(Files.isRegularFile(out.resolve("model.zip")), model + ": model.zip");
    }

    @Test
    void resNetsTrainOnCifar10(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("cifar"));
        writeCifar(data, 13, 32);  // 65 training records, 32 test records
        train(data, dir.resolve("resnet"), "resnet");
        train(data, dir.resolve("wsresnet"), "wsresnet");
        assertTrue(Files.isRegularFile(dir.resolve("wsresnet").resolve("representations.json")),
                "wsresnet: representations.json");

        Run eval = run("eval", "--model-file", dir.resolve("resnet").resolve("model.zip").toString(), "--data",
                "cifar10", "--data-dir", data.toString(), "--test-examples", "32");
        assertEquals(0, eval.exitCode(), "eval resnet on cifar10\n" + eval.err());
        Run wrongData = run("eval", "--model-file", dir.resolve("resnet").resolve("model.zip").toString(),
                "--data", "rotated", "--data-dir", data.toString());
        assertEquals(1, wrongData.exitCode(), "eval resnet on rotated\n" + wrongData.err());
        assertTrue(wrongData.err().contains("1×28×28"), wrongData.err());
    }

    @Test
    void modelAndDataShapesMustMatch(@TempDir Path dir) {
        Run resnetOnMnist = run("train", "--model", "gresnet", "--data", "rotated", "--out", dir.toString());
        assertEquals(1, resnetOnMnist.exitCode(), resnetOnMnist.err());
        for (String f : new String[]{"gresnet", "3×32×32", "rotated", "1×28×28", "wscnn, gcnn, cnn"}) {
            assertTrue(resnetOnMnist.err().contains(f), "should mention '" + f + "':\n" + resnetOnMnist.err());
        }
        Run cnnOnCifar = run("train", "--model", "cnn", "--data", "cifar10", "--out", dir.toString());
        assertEquals(1, cnnOnCifar.exitCode(), cnnOnCifar.err());
        for (String f : new String[]{"cnn", "1×28×28", "cifar10", "3×32×32", "wsresnet, gresnet, resnet"}) {
            assertTrue(cnnOnCifar.err().contains(f), "should mention '" + f + "':\n" + cnnOnCifar.err());
        }
        Run compare = run("compare", "--models", "cnn,resnet", "--data", "cifar10", "--out", dir.toString());
        assertEquals(1, compare.exitCode(), compare.err());
        assertTrue(compare.err().contains("1×28×28"), compare.err());
    }
}
