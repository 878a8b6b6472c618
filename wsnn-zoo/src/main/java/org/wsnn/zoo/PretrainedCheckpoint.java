package org.wsnn.zoo;

import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.deeplearning4j.zoo.PretrainedType;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Arrays;
import java.util.Properties;

/**
 * The pretrained checkpoints shipped in this jar, loaded offline by {@code initPretrained}.
 *
 * <p><b>"MNIST" means rotated Fashion-MNIST here.</b> DL4J's {@link PretrainedType} is a fixed enum, and its
 * {@code MNIST} constant is the closest fit: the checkpoints were trained on real Fashion-MNIST (Zalando,
 * MIT licence, Debian's {@code dataset-fashion-mnist}) with every image rotated by an angle uniform in
 * [0°, 360°) ({@code ImageTask.ROTATED}), not on handwritten digits. They are small-budget checkpoints
 * (2 epochs for WSCNN, 4 for GCNN, over the first 12,800 training images; about 10 and 6 minutes on 2
 * cores), not the paper's 100-epoch models, and reach about 45% and 50% test accuracy; the command that
 * made each, its seed and accuracies are recorded beside it in a {@code .properties} resource
 * ({@link #info()}).
 *
 * <p>{@code pretrainedUrl} returns a {@code jar:} (or, in a build folder, {@code file:}) URL of the resource,
 * and {@code pretrainedChecksum} its Adler32, which {@code ZooModel.initPretrained} verifies after copying the
 * file to {@code <DL4J resources>/models/<model name>/}. Only the default architecture has a checkpoint: a
 * builder with other channels, kernel, group size, depth, classes or input shape gets none
 * ({@code initPretrained} then throws {@link UnsupportedOperationException}).
 */
public enum PretrainedCheckpoint {

    /** {@link WSCNN} with the paper's defaults (32 channels, G = 4), trained on rotated Fashion-MNIST. */
    WSCNN_ROTATED_FASHION_MNIST("wscnn-rotated-fashion-mnist-v1.1", 4238851181L),
    /** {@link GCNN} with the paper's defaults (16 channels, C4), trained on rotated Fashion-MNIST. */
    GCNN_ROTATED_FASHION_MNIST("gcnn-rotated-fashion-mnist-v1.1", 825602362L);

    /** Classpath folder of the checkpoints. */
    public static final String RESOURCE_FOLDER = "/org/wsnn/zoo/pretrained/";

    private final String name;
    private final long adler32;

    PretrainedCheckpoint(String name, long adler32) {
        this.name = name;
        this.adler32 = adler32;
    }

    /** @return the classpath resource of the model zip */
    public String resource() {
        return RESOURCE_FOLDER + name + ".zip";
    }

    /** @return the classpath resource of the record beside it */
    public String infoResource() {
        return RESOURCE_FOLDER + name + ".properties";
    }

    /** @return the Adler32 checksum of the model zip */
    public long checksum() {
        return adler32;
    }

    /** @return URL of the model zip on the classpath, or null when it is not packaged */
    public String url() {
        URL url = PretrainedCheckpoint.class.getResource(resource());
        return url == null ? null : url.toString();
    }

    /**
     * How the checkpoint was made and what it measures: {@code command}, {@code seed}, {@code data},
     * {@code testAccuracy} (on the first {@code testExamples} of the rotated Fashion-MNIST test split),
     * {@code sliceAccuracy} (on the 200-image test slice, rotated with {@code sliceSeed}), {@code sliceCommand}.
     */
    public Properties info() {
        Properties p = new Properties();
        try (InputStream in = PretrainedCheckpoint.class.getResourceAsStream(infoResource())) {
            if (in == null) {
                throw new IllegalStateException("PretrainedCheckpoint: resource " + infoResource() + " not found");
            }
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("PretrainedCheckpoint: cannot read " + infoResource() + ": " + e.getMessage(), e);
        }
        return p;
    }

    /**
     * The input normalisation the checkpoint was trained with, stored in its zip ({@code normalizer.bin}):
     * a {@code NormalizerStandardize} of the [0, 1] pixels with mean 0.1307 and std 0.3081. Apply it to
     * inputs before {@code output} (e.g. {@code iterator.setPreProcessor(...)}) — the network itself expects
     * normalised images.
     */
    public NormalizerStandardize normalizer() {
        try (InputStream in = PretrainedCheckpoint.class.getResourceAsStream(resource())) {
            if (in == null) {
                throw new IllegalStateException("PretrainedCheckpoint: resource " + resource() + " not found");
            }
            NormalizerStandardize n = ModelSerializer.restoreNormalizerFromInputStream(in);
            if (n == null) {
                throw new IllegalStateException("PretrainedCheckpoint: " + resource() + " stores no normaliser");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalStateException("PretrainedCheckpoint: cannot read the normaliser of " + resource() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The URL for a zoo model's request, or null when there is no checkpoint for it. */
    static String urlFor(MnistArchitecture.Spec spec, PretrainedType type) {
        PretrainedCheckpoint c = forSpec(spec, type);
        return c == null ? null : c.url();
    }

    /** The checksum for a zoo model's request, or 0 when there is no checkpoint for it. */
    static long checksumFor(MnistArchitecture.Spec spec, PretrainedType type) {
        PretrainedCheckpoint c = forSpec(spec, type);
        return c == null ? 0L : c.checksum();
    }

    private static PretrainedCheckpoint forSpec(MnistArchitecture.Spec spec, PretrainedType type) {
        if (type != PretrainedType.MNIST) {
            return null;
        }
        return switch (spec.sharing()) {
            case LEARNED -> sameArchitecture(spec, WSCNN.builder().build().spec()) ? WSCNN_ROTATED_FASHION_MNIST : null;
            case C4 -> sameArchitecture(spec, GCNN.builder().build().spec()) ? GCNN_ROTATED_FASHION_MNIST : null;
            case NONE -> null;
        };
    }

    private static boolean sameArchitecture(MnistArchitecture.Spec a, MnistArchitecture.Spec b) {
        return a.channels() == b.channels() && a.groupSize() == b.groupSize() && a.kernelSize() == b.kernelSize()
                && a.groupLayers() == b.groupLayers() && a.numClasses() == b.numClasses()
                && Arrays.equals(a.inputShape(), b.inputShape());
    }
}
