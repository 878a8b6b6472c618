package org.wsnn.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The paper's image tasks as iterator presets. Each returns a {@link TransformedImageIterator.Builder}
 * that can still be changed (data folder, split, batch size, seed, …) before {@code build()}.
 *
 * <table>
 * <caption>Presets</caption>
 * <tr><th>preset</th><th>data</th><th>transform (train and test)</th><th>normalisation</th></tr>
 * <tr><td>{@link #MNIST}</td><td>MNIST family</td><td>none</td><td>0.1307 / 0.3081</td></tr>
 * <tr><td>{@link #ROTATED}</td><td>MNIST family</td><td>rotation U[0°, 360°)</td><td>0.1307 / 0.3081</td></tr>
 * <tr><td>{@link #ROTATED_90}</td><td>MNIST family</td><td>rotation U[0°, 90°)</td><td>0.1307 / 0.3081</td></tr>
 * <tr><td>{@link #ROTATED_180}</td><td>MNIST family</td><td>rotation U[0°, 180°)</td><td>0.1307 / 0.3081</td></tr>
 * <tr><td>{@link #SCALED}</td><td>MNIST family</td><td>scale U[0.3, 1.0)</td><td>0.1307 / 0.3081</td></tr>
 * <tr><td>{@link #CIFAR10}</td><td>CIFAR-10</td><td>none</td><td>(0.4914, 0.4822, 0.4465) /
 *     (0.2470, 0.2435, 0.2616)</td></tr>
 * <tr><td>{@link #CIFAR10_FLIP}</td><td>CIFAR-10</td><td>random horizontal flip (train only)</td>
 *     <td>as CIFAR10</td></tr>
 * </table>
 * Batch size 64 (MNIST family) and 128 (CIFAR-10), as in the paper.
 */
public enum ImageTask {
    /** Plain MNIST-family data, normalised. */
    MNIST,
    /** Rotated MNIST: angles uniform in [0°, 360°). */
    ROTATED,
    /** Partially rotated MNIST: angles uniform in [0°, 90°). */
    ROTATED_90,
    /** Partially rotated MNIST: angles uniform in [0°, 180°). */
    ROTATED_180,
    /** Scaled MNIST: factors uniform in [0.3, 1.0). */
    SCALED,
    /** CIFAR-10, per-channel normalisation. */
    CIFAR10,
    /** CIFAR-10 with random horizontal flips of the training images. */
    CIFAR10_FLIP;

    /** MNIST pixel mean used by the paper. */
    public static final double MNIST_MEAN = 0.1307;
    /** MNIST pixel standard deviation used by the paper. */
    public static final double MNIST_STD = 0.3081;
    /** CIFAR-10 per-channel means (R, G, B). */
    public static final double[] CIFAR10_MEAN = {0.4914, 0.4822, 0.4465};
    /** CIFAR-10 per-channel standard deviations (R, G, B). */
    public static final double[] CIFAR10_STD = {0.2470, 0.2435, 0.2616};

    /** @return a builder configured for this task */
    public TransformedImageIterator.Builder builder() {
        TransformedImageIterator.Builder b = TransformedImageIterator.builder();
        switch (this) {
            case CIFAR10:
            case CIFAR10_FLIP:
                return b.format(ImageFormat.CIFAR10).batchSize(128).preProcessor(normalizer())
                        .horizontalFlip(this == CIFAR10_FLIP);
            case ROTATED:
                b.rotationDegrees(0, 360);
                break;
            case ROTATED_90:
                b.rotationDegrees(0, 90);
                break;
            case ROTATED_180:
                b.rotationDegrees(0, 180);
                break;
            case SCALED:
                b.scale(0.3, 1.0);
                break;
            case MNIST:
                break;
            default:
                throw new IllegalStateException("ImageTask: no preset for " + this);
        }
        return b.format(ImageFormat.IDX).batchSize(64).preProcessor(normalizer());
    }

    /**
     * The paper's normalisation of this task's images as a DL4J {@link NormalizerStandardize} (per channel
     * (v − mean) / std of the [0, 1] pixels): MNIST mean 0.1307, std 0.3081; CIFAR-10 per-channel means and
     * standard deviations. A fresh object (fitted by construction, nothing to fit); store it in a model zip
     * with {@code ModelSerializer.addNormalizerToModel} so inference gets it back.
     */
    public NormalizerStandardize normalizer() {
        boolean cifar = this == CIFAR10 || this == CIFAR10_FLIP;
        double[] m = cifar ? CIFAR10_MEAN : new double[]{MNIST_MEAN};
        double[] s = cifar ? CIFAR10_STD : new double[]{MNIST_STD};
        return new NormalizerStandardize(Nd4j.create(m, new long[]{1, m.length}, DataType.FLOAT),
                Nd4j.create(s, new long[]{1, s.length}, DataType.FLOAT));
    }
}
