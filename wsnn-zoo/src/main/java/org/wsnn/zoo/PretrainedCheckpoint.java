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
 * [0°, 360°) ({@code ImageTask.ROTATED}), not on handwritten digits.
 *
 * <p>Version 2: each trained by {@code scripts/train-pretrained.sh} on all 60,000 training images (rotated
 * afresh each epoch) within an hour on 2 cores, and evaluated on all 10,000 test images rotated once — the
 * WSCNN with the fast recipe ({@link org.wsnn.layers.DiscoveryRecipe#FAST}). They are small-budget models,
 * not the paper's 100 epochs. The command, steps, seconds, recipe, accuracies, the group the WSCNN's lifting
 * stack rounds to, and the Adler32 checksum are recorded beside each zip in a {@code .properties} resource
 * ({@link #info()}). Version-1 files (trained on 12,800 images) are no longer shipped; a v1 file a user kept
 * still loads with {@code ModelSerializer} or {@code wsnn eval} (the tests load one).
 *
 * <p>{@code pretrainedUrl} returns a {@code jar:} (or, in a build folder, {@code file:}) URL of the resource,
 * and {@code pretrainedChecksum} its Adler32, which {@code ZooModel.initPretrained} verifies after copying the
 * file to {@code <DL4J resources>/models/<model name>/}. Only the default architecture has a checkpoint: a
 * builder with other channels, kernel, group size, depth, classes or input shape gets none
 * ({@code initPretrained} then throws {@link UnsupportedOperationException}).
 */
public enum PretrainedCheckpoint {

    /** {@link WSCNN} with the paper's defaults (32 channels, G = 4), fast recipe, trained on rotated Fashion-MNIST. */
    WSCNN_ROTATED_FASHION_MNIST("wscnn-rotated-fashion-mnist-v2.1"),
    /** {@link GCNN} with the paper's defaults (16 channels, C4), trained on rotated Fashion-MNIST. */
    GCNN_ROTATED_FASHION_MNIST("gcnn-rotated-fashion-mnist-v2"),
    /** {@link CNN} with the paper's defaults (64 channels), trained on rotated Fashion-MNIST. */
    CNN_ROTATED_FASHION_MNIST("cnn-rotated-fashion-mnist-v2");

    /** Classpath folder of the checkpoints. */
    public static final String RESOURCE_FOLDER = "/org/wsnn/zoo/pretrained/";

    private final String name;

    PretrainedCheckpoint(String name) {
        this.name = name;
    }

    /** @return the classpath resource of the model zip */
    public String resource() {
        return RESOURCE_FOLDER + name + ".zip";
    }

    /** @return the classpath resource of the record beside it */
    public String infoResource() {
        return RESOURCE_FOLDER + name + ".properties";
    }

    /** @return the Adler32 checksum of the model zip, as its record states it ({@code adler32}) */
    public long checksum() {
        return Long.parseLong(info().getProperty("adler32"));
    }

    /** @return URL of the model zip on the classpath, or null when it is not packaged */
    public String url() {
        URL url = PretrainedCheckpoint.class.getResource(resource());
        return url == null ? null : url.toString();
    }

    /**
     * How the checkpoint was made and what it measures: {@code version}, {@code command}, {@code seed},
     * {@code data}, {@code epochs}, {@code steps}, {@code trainSeconds}, {@code machine}, {@code recipe} and
     * {@code discoveredLift} (WSCNN), {@code testAccuracy} (on the {@code testExamples} images of the rotated
     * Fashion-MNIST test split), {@code sliceAccuracy} (on the 200-image test slice, rotated with
     * {@code sliceSeed}), {@code sliceCommand}, {@code adler32}.
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
            case NONE -> sameArchitecture(spec, CNN.builder().build().spec()) ? CNN_ROTATED_FASHION_MNIST : null;
        };
    }

    private static boolean sameArchitecture(MnistArchitecture.Spec a, MnistArchitecture.Spec b) {
        return a.channels() == b.channels() && a.groupSize() == b.groupSize() && a.kernelSize() == b.kernelSize()
                && a.groupLayers() == b.groupLayers() && a.numClasses() == b.numClasses()
                && Arrays.equals(a.inputShape(), b.inputShape());
    }
}
