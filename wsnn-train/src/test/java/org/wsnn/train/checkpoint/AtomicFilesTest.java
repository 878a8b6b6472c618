package org.wsnn.train.checkpoint;

import org.wsnn.train.registry.ModelChoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An interrupted write leaves the previous file intact; a finished one replaces it. */
class AtomicFilesTest {

    @Test
    void failedWriteLeavesTheOldFileIntact(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("checkpoint.zip");
        Files.writeString(target, "old checkpoint");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half of a new chec");
            throw new IOException("disk full (simulated)");
        }), "the writer's exception propagates");
        assertEquals("disk full (simulated)", thrown.getMessage());
        assertEquals("old checkpoint", Files.readString(target), "old content after a failed write");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void successfulWriteReplacesTheFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model.zip");
        Files.writeString(target, "old");
        AtomicFiles.write(target, tmp -> Files.write(tmp, new byte[]{1, 2, 3}));
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(target), "new content");
        AtomicFiles.write(dir.resolve("sub/new.zip"), tmp -> Files.writeString(tmp, "x"));
        assertEquals("x", Files.readString(dir.resolve("sub/new.zip")), "parent folder created, file written");
    }

    @Test
    void failedCheckpointSaveKeepsTheLoadableOne(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("checkpoint.zip");
        var net = ModelChoice.CNN.build(2, 1);
        Checkpoint.save(net, null, target, true);
        byte[] before = Files.readAllBytes(target);
        assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
            org.deeplearning4j.util.ModelSerializer.writeModel(net, tmp.toFile(), true);
            throw new IOException("interrupted mid-write (simulated)");
        }));
        assertArrayEquals(before, Files.readAllBytes(target), "checkpoint bytes unchanged");
        assertEquals(net.params(), Checkpoint.load(target.toFile(), true).params(), "still loadable, same parameters");
    }
}
