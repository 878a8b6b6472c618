package org.wsnn.train.checkpoint;

import org.wsnn.train.InputException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.wsnn.layers.training.DivergenceGuard;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checkpoints: a DL4J {@link ModelSerializer} zip (configuration, parameters and, for training
 * checkpoints, the updater state) with one extra entry {@value #INFO_ENTRY} holding a
 * {@link CheckpointInfo}. Files are replaced atomically ({@link AtomicFiles}), and loading checks the file
 * before DL4J sees it, so a text file, a zip that is not a DL4J model, or a MultiLayerNetwork gives a
 * {@link InputException} that says which of these it is.
 */
public final class Checkpoint {

    /** Zip entry holding the {@link CheckpointInfo}. */
    public static final String INFO_ENTRY = "wsnn-checkpoint.json";
    /** File name of the per-epoch training checkpoint inside a run folder. */
    public static final String CHECKPOINT_FILE = "checkpoint.zip";
    /** File name of the final model (no updater state) inside a run folder. */
    public static final String MODEL_FILE = "model.zip";

    private static final String CONFIGURATION_ENTRY = "configuration.json";
    private static final String PARAMETERS_ENTRY = "coefficients.bin";

    private Checkpoint() {
    }

    /**
     * Writes a network atomically.
     *
     * @param net          the network
     * @param info         stored beside the model, or null
     * @param target       file to replace
     * @param withUpdater  whether to store the updater state (needed to resume training)
     */
    public static void save(ComputationGraph net, CheckpointInfo info, Path target, boolean withUpdater)
            throws IOException {
        save(net, info, target, withUpdater, null);
    }

    /**
     * Writes a network atomically with the normaliser its inputs need (DL4J's {@code normalizer.bin}
     * entry, {@link ModelSerializer#addNormalizerToModel}), so inference gets it back from the file.
     *
     * @param normalizer the input normalisation, or null for none
     */
    public static void save(ComputationGraph net, CheckpointInfo info, Path target, boolean withUpdater,
                            Normalizer<?> normalizer) throws IOException {
        requireFiniteParameters(net, "not writing " + target);
        AtomicFiles.write(target, tmp -> {
            ModelSerializer.writeModel(net, tmp.toFile(), withUpdater);
            if (normalizer != null) {
                ModelSerializer.addNormalizerToModel(tmp.toFile(), normalizer);
            }
            if (info != null) {
                try (FileSystem zip = FileSystems.newFileSystem(tmp)) {
                    Files.writeString(zip.getPath(INFO_ENTRY), info.toJson(), StandardCharsets.UTF_8);
                }
            }
        });
    }

    /**
     * Loads a ComputationGraph, checking first that the file is one.
     *
     * @param file        the model file
     * @param withUpdater whether to restore the updater state too
     * @throws InputException for a missing, corrupt or foreign file
     */
    public static ComputationGraph load(File file, boolean withUpdater) {
        checkModelFile(file);
        try {
            return ModelSerializer.restoreComputationGraph(file, withUpdater);
        } catch (Exception | LinkageError e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof java.io.EOFException)) {
                cause = cause.getCause();
            }
            if (cause instanceof java.io.EOFException) {
                throw new InputException(file.getPath() + " is truncated: " + PARAMETERS_ENTRY + " (or "
                        + ModelSerializer.UPDATER_BIN + ") ends before all the arrays its header declares were read", e);
            }
            throw new InputException(file.getPath() + " could not be restored as a DL4J ComputationGraph ("
                    + e.getClass().getSimpleName() + ": " + InputException.firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * The input normaliser stored in a model file ({@code normalizer.bin}), if it has one: wsnn train's
     * checkpoints and models do, as do the pretrained zoo files since v2.
     *
     * @throws InputException when the entry exists but cannot be read
     */
    public static Optional<Normalizer<?>> readNormalizer(File file) {
        if (entrySize(file, ModelSerializer.NORMALIZER_BIN) < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelSerializer.restoreNormalizerFromFile(file));
        } catch (IOException | RuntimeException e) {
            throw new InputException(file.getPath() + ": cannot read its " + ModelSerializer.NORMALIZER_BIN + " ("
                    + InputException.firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * Whether a model file stores an updater state (training checkpoints do; {@code model.zip}, exports and
     * the pretrained zoo files do not).
     */
    public static boolean hasUpdaterState(File file) {
        return entrySize(file, ModelSerializer.UPDATER_BIN) > 0;
    }

    /** Size of a zip entry of a checked model file: -1 when absent (sizes the zip does not record count as 1). */
    private static long entrySize(File file, String entry) {
        checkModelFile(file);
        try (ZipFile zip = new ZipFile(file)) {
            ZipEntry e = zip.getEntry(entry);
            return e == null ? -1 : e.getSize() == -1 ? 1 : e.getSize();
        } catch (IOException e) {
            throw new InputException(file.getPath() + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Refuses a network that is not the architecture its {@link CheckpointInfo} records: the same vertices,
     * each layer of the same class with the same parameter count as a fresh configuration of the recorded
     * model type and channels.
     *
     * @param net      the loaded network
     * @param expected the configuration the recorded model type and channels give
     * @param file     the checkpoint, for the message
     * @param recorded what the checkpoint records, e.g. "wscnn with 32 channels"
     * @throws InputException naming the first difference
     */
    public static void requireArchitecture(ComputationGraph net, ComputationGraphConfiguration expected, File file,
            String recorded) {
        Set<String> found = net.getConfiguration().getVertices().keySet();
        Set<String> wanted = expected.getVertices().keySet();
        String prefix = file.getPath() + " records " + recorded + " but holds ";
        if (!found.equals(wanted)) {
            throw new InputException(prefix + "a network with vertices " + found + " (expected " + wanted + ")");
        }
        for (Layer layer : net.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (!(expected.getVertices().get(name) instanceof LayerVertex lv)) {
                throw new InputException(prefix + "a layer " + name + " where a " + expected.getVertices().get(name)
                        .getClass().getSimpleName() + " vertex was expected");
            }
            org.deeplearning4j.nn.conf.layers.Layer want = lv.getLayerConf().getLayer();
            org.deeplearning4j.nn.conf.layers.Layer have = layer.conf().getLayer();
            if (!want.getClass().equals(have.getClass())) {
                throw new InputException(prefix + "a " + have.getClass().getSimpleName() + " as layer " + name
                        + " (expected " + want.getClass().getSimpleName() + ")");
            }
            long wantParams = want.initializer().numParams(want);
            if (layer.numParams() != wantParams) {
                throw new InputException(prefix + "layer " + name + " with " + layer.numParams() + " parameters "
                        + "(expected " + wantParams + ")");
            }
        }
    }

    /**
     * Refuses a network with NaN or infinite parameters, naming the first such layer.
     *
     * @param net  the network
     * @param what what is refused, e.g. "not writing DIR/model.zip"
     * @throws InputException naming the layer and how many values are not finite
     */
    public static void requireFiniteParameters(ComputationGraph net, String what) {
        if (net.params() == null || net.params().isEmpty()) {
            return;
        }
        if (DivergenceGuard.nonFinite(net.params()) == 0) {
            return;
        }
        for (Layer layer : net.getLayers()) {
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                long bad = DivergenceGuard.nonFinite(p.getValue());
                if (bad > 0) {
                    throw new InputException(what + ": parameter " + p.getKey() + " of layer "
                            + layer.conf().getLayer().getLayerName() + " has " + bad + " NaN or infinite value(s) of "
                            + p.getValue().length() + " (the model diverged or the file is damaged)");
                }
            }
        }
        throw new InputException(what + ": the network's parameters hold NaN or infinite values");
    }

    /**
     * Reads the {@link CheckpointInfo} of a checkpoint, if it has one (models written by other programs
     * do not).
     *
     * @throws InputException when the entry exists but cannot be parsed, or the file is not a zip archive
     */
    public static Optional<CheckpointInfo> readInfo(File file) {
        checkModelFile(file);
        try (ZipFile zip = new ZipFile(file)) {
            ZipEntry entry = zip.getEntry(INFO_ENTRY);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Optional.of(CheckpointInfo.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new InputException(file.getPath() + ": cannot read " + INFO_ENTRY + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Checks that a file is a DL4J ComputationGraph archive without restoring it.
     *
     * @throws InputException naming what the file is instead
     */
    public static void checkModelFile(File file) {
        if (!file.exists()) {
            throw new InputException("model file not found: " + file.getPath());
        }
        if (file.isDirectory()) {
            throw new InputException("model file expected a file, found a folder: " + file.getPath());
        }
        if (!Files.isRegularFile(file.toPath())) {
            throw new InputException("model file expected a regular file, found a special file (a device, FIFO or "
                    + "socket): " + file.getPath());
        }
        if (!file.canRead()) {
            throw new InputException("model file is not readable (check its permissions): " + file.getPath());
        }
        if (!isZip(file)) {
            throw new InputException(file.getPath() + " is not a DL4J model: not a zip archive (DL4J models are zip "
                    + "files written by ModelSerializer, e.g. DIR/" + CHECKPOINT_FILE + " or DIR/" + MODEL_FILE
                    + " of wsnn train)");
        }
        try (ZipFile zip = new ZipFile(file)) {
            ZipEntry conf = zip.getEntry(CONFIGURATION_ENTRY);
            if (conf == null || zip.getEntry(PARAMETERS_ENTRY) == null) {
                String entries = Collections.list(zip.entries()).stream().limit(8).map(ZipEntry::getName)
                        .collect(Collectors.joining(", "));
                throw new InputException(file.getPath() + " is a zip archive but not a DL4J model: expected entries "
                        + CONFIGURATION_ENTRY + " and " + PARAMETERS_ENTRY + ", found "
                        + (entries.isEmpty() ? "none" : entries));
            }
            JsonNode root;
            try (InputStream in = zip.getInputStream(conf)) {
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new InputException(file.getPath() + ": " + CONFIGURATION_ENTRY + " is not valid JSON ("
                        + e.getMessage() + ")", e);
            }
            if (root != null && root.has("confs")) {
                throw new InputException(file.getPath() + " holds a MultiLayerNetwork; wsnn commands expect a "
                        + "ComputationGraph (the zoo's WSCNN, GCNN, CNN, as written by wsnn train)");
            }
            if (root == null || !root.has("vertices")) {
                throw new InputException(file.getPath() + ": " + CONFIGURATION_ENTRY
                        + " is not a ComputationGraph configuration (no \"vertices\")");
            }
        } catch (ZipException e) {
            throw new InputException(file.getPath() + " is a damaged zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new InputException(file.getPath() + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isZip(File file) {
        try (InputStream in = Files.newInputStream(file.toPath())) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            throw new InputException(file.getPath() + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
