package org.wsnn.examples.common;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The output policy of every command, checked before any work is done: a command never writes onto one of
 * its own inputs, never overwrites an existing output unless the user gave {@code --force}, and refuses a
 * path the platform cannot encode before it creates any folder. Each refusal is one {@link CliException}
 * naming the option, the path and what to do.
 *
 * <p>Folder outputs (a run folder, an inspection folder) are checked by the names the command writes into
 * them: a folder holding none of them is fine (an empty folder, or one with unrelated files); a folder
 * holding one of them needs {@code --force}. Creating the folder is a separate step
 * ({@link #createFolder}) that the command takes only once its inputs are validated.
 */
public final class OutputPaths {

    private OutputPaths() {
    }

    /**
     * Checks a file output.
     *
     * @param option the option that named it, e.g. {@code --out}
     * @param file   the output file
     * @param force  whether the user allowed overwriting
     * @param inputs the command's input files and folders (never overwritten, not even with {@code --force})
     * @return the file
     * @throws CliException when the output is not allowed
     */
    public static File file(String option, File file, boolean force, File... inputs) {
        Path path = path(option, file);
        if (Files.isDirectory(path)) {
            throw new CliException(option + " expected a file, found a folder: " + file.getPath());
        }
        notAnInput(option, path, inputs);
        if (Files.exists(path) && !force) {
            throw new CliException(option + ": " + file.getPath() + " exists; give --force to overwrite it");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new CliException(option + ": the parent of " + file.getPath() + " is a file, not a folder: "
                    + parent);
        }
        return file;
    }

    /**
     * Checks a folder output without creating it.
     *
     * @param option  the option that named it
     * @param dir     the folder
     * @param force   whether the user allowed overwriting
     * @param written which file names the command writes into the folder
     * @param inputs  the command's inputs (never overwritten)
     * @return the folder
     * @throws CliException when the folder is a file, or holds an output and {@code force} is false
     */
    public static File folder(String option, File dir, boolean force, Predicate<String> written, File... inputs) {
        Path path = path(option, dir);
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new CliException(option + " expected a folder, found a file: " + dir.getPath());
        }
        if (!Files.isDirectory(path)) {
            return dir;
        }
        List<String> existing = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, p -> written.test(p.getFileName().toString()))) {
            for (Path p : entries) {
                notAnInput(option, p, inputs);
                existing.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new CliException(option + ": cannot list folder " + dir.getPath() + " (" + e.getMessage() + ")", e);
        }
        if (!existing.isEmpty() && !force) {
            // reports and models first, the many heatmaps after them
            existing.sort(java.util.Comparator.comparing((String n) -> n.endsWith(".png")).thenComparing(n -> n));
            throw new CliException(option + ": " + dir.getPath() + " already holds "
                    + String.join(", ", existing.subList(0, Math.min(4, existing.size())))
                    + (existing.size() > 4 ? " and " + (existing.size() - 4) + " more" : "")
                    + " from an earlier run; give --force to overwrite, or choose another " + option);
        }
        return dir;
    }

    /** Names matching one of {@code names} exactly or ending with one of {@code suffixes}. */
    public static Predicate<String> named(List<String> names, String... suffixes) {
        return n -> {
            if (names.contains(n)) {
                return true;
            }
            for (String s : suffixes) {
                if (n.endsWith(s) && !n.startsWith(".")) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * Creates a checked folder output (and its parents) and requires it to be writable.
     *
     * @throws CliException when it cannot be created or written
     */
    public static File createFolder(String option, File dir) {
        Path path = path(option, dir);
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new CliException(option + " expected a folder, found a file: " + dir.getPath());
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new CliException(option + ": cannot create folder " + dir.getPath() + " (" + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(path)) {
            throw new CliException(option + ": folder is not writable: " + dir.getPath());
        }
        return dir;
    }

    /**
     * The path of a file the user named, refused when the platform cannot encode it: a NUL character, or
     * characters (or undecodable bytes of the command line, which Java turns into U+FFFD) that the file
     * system encoding ({@code sun.jnu.encoding}) cannot represent. Writing such a path would create a file
     * of another name, or fail half-way.
     *
     * @throws CliException naming the option and the encoding
     */
    public static Path path(String option, File file) {
        String s = file.getPath();
        int bad = s.indexOf('\uFFFD');
        if (bad >= 0) {
            throw new CliException(option + ": the path " + printable(s) + " holds bytes that are not valid in the "
                    + "platform's file-name encoding (" + encoding() + ", at character " + bad + "); rename it or "
                    + "choose another path");
        }
        try {
            return file.toPath();
        } catch (InvalidPathException e) {
            throw new CliException(option + ": the path " + printable(s) + " cannot be encoded on this platform ("
                    + encoding() + "): " + e.getReason() + "; choose another path", e);
        }
    }

    private static void notAnInput(String option, Path output, File... inputs) {
        if (!Files.exists(output)) {
            return;
        }
        for (File input : inputs) {
            if (input == null || !input.exists()) {
                continue;
            }
            try {
                if (Files.isSameFile(output, input.toPath())) {
                    throw new CliException(option + " " + output + " is an input of this command ("
                            + input.getPath() + "); choose another path, the input is never overwritten");
                }
            } catch (IOException e) {
                throw new CliException(option + ": cannot compare " + output + " with the input " + input.getPath()
                        + " (" + e.getMessage() + ")", e);
            }
        }
    }

    private static String encoding() {
        return "sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding", "unknown");
    }

    /** The path with control and unencodable characters escaped, for a one-line message. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f || c == '\uFFFD' || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
