package org.wsnn.examples.bench;

import org.junit.jupiter.api.Test;
import org.wsnn.examples.WsnnCommand;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code wsnn benchmark} runs on a tiny budget and prints its machine-readable lines (no timing asserted). */
class BenchmarkCommandTest {

    private static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            int code = WsnnCommand.commandLine().execute(args);
            assertEquals(0, code, "benchmark exit code");
        } finally {
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsStepInferenceAndProfileLines() {
        String out = run("benchmark", "--batch-size", "2", "--steps", "1", "--warmup", "0", "--profile",
                "--torch-script", "/nonexistent/bench_torch.py");
        for (String key : new String[]{"wscnn params=410,890 (+121,875)", "ms_per_step=", "infer_ms=",
                "exported_infer_ms=", "peak_rss_mib=", "conv_floor_infer_ms=", "cnn64_ms_per_step=", "per-layer profile", "weight-sharing filters", "  conv4 ", "torch: skipped"}) {
            assertTrue(out.contains(key), "benchmark output should contain '" + key + "':\n" + out);
        }
    }

    @Test
    void rejectsNonPositiveSizes() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = WsnnCommand.commandLine();
        cli.setErr(new java.io.PrintWriter(err));
        int code = cli.execute("benchmark", "--steps", "0");
        assertEquals(2, code, "--steps 0 is a usage error");
        assertTrue(err.toString().contains("--steps") && err.toString().contains("found 64, 0, 4 and 3"), err.toString());
        assertTrue(!err.toString().contains("\tat org."), "no stack trace: " + err);
    }
}
