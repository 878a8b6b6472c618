package org.wsnn.examples.common;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wsnn.data.DataFormatException;
import org.wsnn.data.DataNotFoundException;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;

/** Helpers shared by the commands: error reporting without stack traces, output folders, JSON. */
public final class Commands {

    private static final Logger log = LoggerFactory.getLogger(Commands.class);

    private Commands() {
    }

    /**
     * Runs a command body. User-facing failures ({@link CliException}, missing or malformed data, I/O
     * errors, and anything DL4J throws at a foreign model) are printed as one message on the command's
     * error stream and turn into exit code {@link CliException#EXIT_CODE}; the stack trace goes to the
     * debug log only. Picocli's own {@link CommandLine.ParameterException}s pass through (exit code 2, with
     * the usage hint).
     *
     * @param spec the running command
     * @param body the work
     * @return the exit code
     */
    public static int run(CommandLine.Model.CommandSpec spec, Callable<Integer> body) {
        String name = spec.qualifiedName();
        try {
            return body.call();
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (DataNotFoundException e) {
            return fail(spec, name + ": " + e.getMessage() + " (on the command line: --data-dir DIR)", e);
        } catch (CliException | DataFormatException e) {
            return fail(spec, name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            return fail(spec, name + ": I/O error: " + e.getMessage(), e);
        } catch (Exception e) {
            return fail(spec, name + ": failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static int fail(CommandLine.Model.CommandSpec spec, String message, Exception e) {
        log.debug("{}", message, e);
        PrintWriter err = spec.commandLine().getErr();
        err.println(message);
        err.flush();
        return CliException.EXIT_CODE;
    }

    /** Creates {@code dir} if missing; rejects a file or an unwritable folder (naming the option). */
    public static File prepareFolder(String option, File dir) {
        if (dir.exists() && !dir.isDirectory()) {
            throw new CliException(option + " expected a folder, found a file: " + dir.getPath());
        }
        if (!dir.exists() && !dir.mkdirs()) {
            throw new CliException(option + ": cannot create folder " + dir.getPath());
        }
        if (!Files.isWritable(dir.toPath())) {
            throw new CliException(option + ": folder is not writable: " + dir.getPath());
        }
        return dir;
    }

    /** A JSON mapper that indents its output. */
    public static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
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
