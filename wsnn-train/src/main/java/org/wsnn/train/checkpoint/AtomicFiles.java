package org.wsnn.train.checkpoint;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Atomic file replacement: the content is written to a temporary file {@code .<name>.<random>.tmp} in the
 * target's folder, forced to the disk ({@code fsync}), then moved over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}, and the folder entry is forced too. A reader sees the old file or
 * the new one, never a partial one; if writing fails or the process dies, the old file is left as it was.
 * A process killed mid-write leaves its temporary file behind; the next write of the same target removes
 * such stale files first ({@link #removeStaleTemporaries}).
 *
 * <p>Every file the command line writes goes through here: checkpoints, models, JSON reports and PNGs.
 */
public final class AtomicFiles {

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the complete content to {@code file} (which exists and is empty). */
        void write(Path file) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Temporary files are created owner-only; the result should read like any other output file. */
    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep the default permissions
        }
    }

    /**
     * Replaces {@code target} atomically with what {@code writer} writes.
     *
     * @throws IOException from the writer (the target is then unchanged) or when the move fails
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        removeStaleTemporaries(target);
        Path tmp = Files.createTempFile(dir, temporaryPrefix(target), ".tmp");
        try {
            writer.write(tmp);
            readableByAll(tmp);
            force(tmp, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically (file system does not support "
                        + "atomic moves): " + e.getMessage(), e);
            }
            forceFolder(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes bytes atomically. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, tmp -> Files.write(tmp, content));
    }

    /** Writes a value as indented JSON (nd4j's shaded Jackson) atomically. */
    public static void writeJson(Path target, Object value) throws IOException {
        ObjectMapper mapper = jsonMapper();
        write(target, mapper.writeValueAsBytes(value));
    }

    /** @return a JSON mapper that indents its output, as every wsnn JSON file is written */
    public static ObjectMapper jsonMapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * Deletes temporary files that a killed write of {@code target} left behind ({@code .<name>.*.tmp} in
     * its folder).
     *
     * @return how many were removed
     */
    public static int removeStaleTemporaries(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        String prefix = temporaryPrefix(target);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp") && Files.isRegularFile(p);
        })) {
            for (Path stale : files) {
                Files.deleteIfExists(stale);
                removed++;
            }
        }
        return removed;
    }

    private static String temporaryPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    private static void force(Path file, StandardOpenOption mode) throws IOException {
        try (FileChannel channel = FileChannel.open(file, mode)) {
            channel.force(true);
        }
    }

    /** Forces the folder entry of a rename to disk; not every platform can open a folder, which is fine. */
    private static void forceFolder(Path dir) {
        try {
            force(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            // e.g. Windows cannot open a directory as a channel; the rename itself is still atomic
        }
    }
}
