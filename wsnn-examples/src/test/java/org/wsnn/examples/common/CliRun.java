package org.wsnn.examples.common;

import org.wsnn.examples.WsnnCommand;
import picocli.CommandLine;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the command line in-process and captures what it prints; test helper. */
public record CliRun(int exitCode, String out, String err) {

    /** The committed real Fashion-MNIST slice (200 training + 200 test images), from the module folder. */
    public static File slice() {
        File f = Path.of(System.getProperty("basedir", "."), "..", "wsnn-core", "src", "test", "resources",
                "fashion-mnist-slice").toFile();
        assertTrue(new File(f, "t10k-images-idx3-ubyte.gz").isFile(), "Fashion-MNIST slice expected at " + f);
        return f;
    }

    /**
     * {@code wsnn train} of a tiny WSCNN (2 channels, seed 3) on the slice (64 training, 32 test images, batch
     * 32) into {@code out}, without a progress bar, followed by {@code more}.
     */
    public static String[] trainArgs(File out, String... more) {
        String[] base = {"train", "--model", "wscnn", "--data", "rotated", "--data-dir", slice().getPath(),
                "--train-examples", "64", "--test-examples", "32", "--batch-size", "32", "--channels", "2",
                "--seed", "3", "--out", out.getPath(), "--no-progress"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = WsnnCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Exit code 0, else fail with what was printed. */
    public CliRun ok(String what) {
        if (exitCode != 0) {
            throw new AssertionError(what + ": exit code " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        return this;
    }

    /** A user-facing failure: non-zero exit, a message containing every fragment, and no stack trace. */
    public CliRun fails(String what, int expectedCode, String... fragments) {
        if (exitCode != expectedCode) {
            throw new AssertionError(what + ": expected exit code " + expectedCode + ", found " + exitCode
                    + "\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        for (String f : fragments) {
            assertTrue(err.contains(f), what + ": error should mention '" + f + "':\n" + err);
        }
        assertTrue(!err.contains("\tat ") && !err.contains("Exception in thread"), what + ": no stack trace expected:\n" + err);
        return this;
    }
}
