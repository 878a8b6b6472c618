package org.wsnn.examples.common;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wsnn.data.DataFormatException;
import org.wsnn.data.DataNotFoundException;
import org.wsnn.train.InputException;
import org.wsnn.train.checkpoint.AtomicFiles;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Helpers shared by the commands: error reporting without stack traces, output folders, JSON. */
public final class Commands {

    private static final Logger log = LoggerFactory.getLogger(Commands.class);

    private Commands() {
    }

    /**
     * Runs a command body: the one error handler of every command. User-facing failures
     * ({@link InputException} and its {@link CliException}, missing or malformed data, I/O errors, anything DL4J throws at a foreign model,
     * and {@link Error}s such as {@link OutOfMemoryError}) are printed as one line on the command's error
     * stream and turn into exit code {@link CliException#EXIT_CODE}; the stack trace goes to the debug log
     * only. Picocli's own {@link CommandLine.ParameterException}s pass through (exit code 2, with the usage
     * hint).
     *
     * @param spec the running command
     * @param body the work
     * @return the exit code
     */
    public static int run(CommandLine.Model.CommandSpec spec, Callable<Integer> body) {
        try {
            return body.call();
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (Throwable e) {
            return fail(spec, describe(spec.qualifiedName(), e), e);
        }
    }

    /**
     * The one-line message for a failure of command {@code name}.
     *
     * @param name the command, e.g. {@code wsnn train}
     * @param e    what was thrown
     * @return the line to print
     */
    public static String describe(String name, Throwable e) {
        if (e instanceof DataNotFoundException) {
            return name + ": " + e.getMessage() + " (on the command line: --data-dir DIR)";
        }
        if (e instanceof InputException || e instanceof DataFormatException
                || e instanceof org.wsnn.layers.training.TrainingDivergedException) {
            return name + ": " + e.getMessage();
        }
        if (e instanceof IOException) {
            return name + ": I/O error: " + e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return name + ": out of memory (" + oneLine(e.getMessage()) + "); the model or the batch does not fit: "
                    + "use fewer --channels or a smaller --batch-size, or give the JVM more (JAVA_OPTS: -Xmx for the "
                    + "heap, -Dorg.bytedeco.javacpp.maxbytes for ND4J's off-heap arrays)";
        }
        if (e instanceof StackOverflowError) {
            return name + ": internal error: stack overflow (raise the thread stack with JAVA_OPTS=-Xss...; please "
                    + "report it with the command line)";
        }
        if (e instanceof Error) {
            return name + ": internal error: " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage())
                    + " (details with -Dorg.slf4j.simpleLogger.defaultLogLevel=debug; please report it)";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        return name + ": failed: " + root.getClass().getSimpleName() + ": " + oneLine(root.getMessage());
    }

    /** The first line of a message ({@link InputException#firstLine}). */
    static String oneLine(String message) {
        return InputException.firstLine(message);
    }

    private static int fail(CommandLine.Model.CommandSpec spec, String message, Throwable e) {
        log.debug("{}", message, e);
        PrintWriter err = spec.commandLine().getErr();
        err.println(message);
        err.flush();
        return CliException.EXIT_CODE;
    }

    /** A JSON mapper that indents its output ({@link AtomicFiles#jsonMapper}). */
    public static ObjectMapper json() {
        return AtomicFiles.jsonMapper();
    }

    /**
     * Requires a positive value of an option (picocli's exit code 2 and usage hint otherwise).
     *
     * @return the value, or -1 when the option was not given
     */
    public static int positive(CommandLine.Model.CommandSpec spec, String option, Integer value) {
        if (value != null && value < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    spec.qualifiedName() + ": " + option + " expected a positive number, found " + value);
        }
        return value == null ? -1 : value;
    }
}
