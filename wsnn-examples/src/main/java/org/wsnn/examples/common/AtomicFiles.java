package org.wsnn.examples.common;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Atomic file replacement: the content is written to a temporary file in the target's folder, then moved
 * over the target with {@link StandardCopyOption#ATOMIC_MOVE}. A reader sees the old file or the new one,
 * never a partial one; if writing fails or the process dies, the old file is left as it was (a crash may
 * leave a hidden {@code .*.tmp} file behind, never a damaged target).
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
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            writer.write(tmp);
            readableByAll(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically (file system does not support "
                        + "atomic moves): " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
