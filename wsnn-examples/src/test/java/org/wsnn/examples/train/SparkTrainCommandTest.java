package org.wsnn.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.wsnn.examples.common.CliRun;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wsnn train --spark-master local[2]} end to end on the committed Fashion-MNIST slice (64 training
 * images, batch 32): a checkpoint per epoch, {@code --resume} of a Spark run, {@code metrics.json} with its
 * {@code distributed} block, and one line for each bad Spark option.
 */
class SparkTrainCommandTest {

    @Test
    void trainsAndResumesOnSparkWritingTheDistributedSettings(@TempDir Path tmp) throws IOException {
        File out = tmp.resolve("run").toFile();
        CliRun.of(CliRun.trainArgs(out, "--epochs", "1", "--spark-master", "local[2]")).ok("Spark run");
        // as a user resumes: only the folder and the Spark options, the run's settings (batch 32) from the checkpoint
        CliRun r = CliRun.of("train", "--out", out.getPath(), "--epochs", "2", "--resume", "--spark-master", "local[2]",
                "--workers", "2", "--data-dir", CliRun.slice().getPath(), "--no-progress").ok("resumed Spark run");
        assertTrue(r.out().contains("updater state restored"), r.out());
        JsonNode m = new ObjectMapper().readTree(new File(out, TrainCommand.METRICS_FILE));
        assertEquals(2, m.get("epochs").asInt());
        JsonNode d = m.get("distributed");
        assertEquals("local[2]", d.get("master").asText());
        assertEquals(2, d.get("workers").asInt());
        assertEquals("ParameterAveragingTrainingMaster", d.get("trainingMaster").asText());
        assertEquals(1, d.get("averagingFrequency").asInt());
        assertEquals(32, d.get("batchSizePerWorker").asInt(), "the checkpoint's batch size");
        assertFalse(new File(out, TrainCommand.SPARK_BATCHES).exists(), "batch files removed");

        File shared = tmp.resolve("shared").toFile();
        CliRun.of(CliRun.trainArgs(shared, "--epochs", "1", "--spark-master", "local[2]", "--training-master", "shared"))
                .ok("gradient sharing");
        JsonNode s = new ObjectMapper().readTree(new File(shared, TrainCommand.METRICS_FILE)).get("distributed");
        assertEquals("SharedTrainingMaster", s.get("trainingMaster").asText());
    }

    @Test
    void badSparkOptionsGetOneClearLine(@TempDir Path tmp) {
        File out = tmp.resolve("bad").toFile();
        CliRun.of(CliRun.trainArgs(out, "--spark-master", "lokal[2]")).fails("unparseable master", 1, "cannot be parsed");
        CliRun.of(CliRun.trainArgs(out, "--spark-master", "spark://127.0.0.1:1")).fails("unreachable master", 1,
                "cannot be reached");
        CliRun.of(CliRun.trainArgs(out, "--spark-master", "local[2]", "--workers", "0")).fails("workers 0", 2,
                "--workers expected a positive number, found 0");
        CliRun.of(CliRun.trainArgs(out, "--spark-master", "local[2]", "--averaging-frequency", "0")).fails("averaging 0", 2,
                "--averaging-frequency expected a positive number, found 0");
        CliRun.of(CliRun.trainArgs(out, "--workers", "2")).fails("Spark option without master", 1, "only apply with --spark-master");
        CliRun.of(CliRun.trainArgs(out, "--spark-master", "local[2]", "--workers", "3")).fails("no data for a worker", 1,
                "the epoch has 2 batch(es) of 32 for 3 workers");
        CliRun.of(CliRun.trainArgs(out, "--spark-master", "local[2]", "--batch-size-per-worker", "16")).fails("two batch sizes", 1,
                "differs from --batch-size 32");
        CliRun.of(CliRun.trainArgs(out, "--spark-master", "local[2]", "--training-master", "ring")).fails(
                "unknown training master", 2, "--training-master expected averaging or shared, found ring");
        CliRun.of(CliRun.trainArgs(out, "--spark-master", "yarn", "--workers", "2", "--training-master", "shared"))
                .fails("shared on a cluster from the CLI", 1, "local masters only");
    }
}
