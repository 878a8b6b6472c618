package org.wsnn.train.checkpoint;

import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * How a checkpoint was made, stored as the JSON entry {@value Checkpoint#INFO_ENTRY} inside the
 * checkpoint's zip (beside DL4J's own entries, which {@code ModelSerializer} ignores).
 *
 * @param format          version of this record (1)
 * @param model           {@code --model} name
 * @param data            {@code --data} name
 * @param dataDir         {@code --data-dir} as given, or null for the default search
 * @param seed            seed of initialisation, transforms and shuffling
 * @param channels        channels per layer
 * @param batchSize       training batch size
 * @param trainExamples   training examples per epoch
 * @param testExamples    test examples (-1: all)
 * @param epoch           completed epochs
 * @param iteration       completed training steps
 * @param secondsPerEpoch wall time of each completed epoch
 * @param trainLoss       mean training loss of the last epoch
 * @param trainAccuracy   training accuracy of the last epoch (on the transformed batches as trained)
 * @param trainLossParts  the last epoch's mean training score split into task, norm, entropy, weightDecay,
 *                        other and total ({@link org.wsnn.layers.penalty.ScoreBreakdown}); null in
 *                        checkpoints written before it was recorded
 * @param recipe          the {@link org.wsnn.layers.DiscoveryRecipe} name ("paper", "fast") of a model with
 *                        learned stacks; null for the other models and in checkpoints written before it was
 *                        recorded (which were all trained with the paper's)
 */
public record CheckpointInfo(int format, String model, String data, String dataDir, long seed, int channels,
                             int batchSize, int trainExamples, int testExamples, int epoch, long iteration,
                             List<Double> secondsPerEpoch, double trainLoss, double trainAccuracy,
                             Map<String, Double> trainLossParts, String recipe) {

    /** Current {@link #format()}. */
    public static final int FORMAT = 1;

    /** The same record after one more epoch. */
    public CheckpointInfo nextEpoch(long iteration, double seconds, double trainLoss, double trainAccuracy,
                                    Map<String, Double> trainLossParts) {
        List<Double> times = new java.util.ArrayList<>(secondsPerEpoch);
        times.add(seconds);
        return new CheckpointInfo(format, model, data, dataDir, seed, channels, batchSize, trainExamples,
                testExamples, epoch + 1, iteration, List.copyOf(times), trainLoss, trainAccuracy, trainLossParts,
                recipe);
    }

    /** @return mean of {@link #secondsPerEpoch()}, or NaN before the first epoch */
    public double meanSecondsPerEpoch() {
        return secondsPerEpoch.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** @return this record as indented JSON */
    public String toJson() {
        try {
            return AtomicFiles.jsonMapper().writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("CheckpointInfo: cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Parses {@link #toJson()}'s output (unknown fields are ignored). */
    public static CheckpointInfo fromJson(String json) throws IOException {
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(json, CheckpointInfo.class);
    }
}
