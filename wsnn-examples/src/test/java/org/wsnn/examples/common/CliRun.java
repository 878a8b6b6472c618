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
