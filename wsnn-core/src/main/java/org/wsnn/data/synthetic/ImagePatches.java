package org.wsnn.data.synthetic;

import org.wsnn.data.IdxReader;
import org.wsnn.data.Seeds;

import java.util.SplittableRandom;

/**
 * Canonical signals cut from real images: square patches of a 2-D task's size, taken at random images and
 * positions, kept on the group's support (zero elsewhere) and standardised there to mean 0 and variance 1 —
 * the scale of the Gaussian signals {@link SymmetryDatasetGenerator} draws by default, so the tasks' step
 * counts, learning rates and λ_W bounds apply unchanged.
 *
 * <p>Real patches are smooth and correlated where Gaussian ones are white: the learned stack is pinned down
 * only on the span of the signals, which real patches cover unevenly (little energy at high spatial
 * frequencies). Flat patches carry no orientation and are skipped: a patch whose pixel standard deviation
 * on the support is below {@link #MIN_PIXEL_STD} (of the [0, 1] pixel range) is drawn again.
 */
public final class ImagePatches {

    /** Patches whose pixels vary less than this (standard deviation on the support, pixels in [0, 1]) are skipped. */
    public static final double MIN_PIXEL_STD = 0.1;

    /** Draws per wanted patch before giving up on images that are (almost) flat everywhere. */
    private static final int DRAWS_PER_PATCH = 1000;

    private ImagePatches() {
    }

    /**
     * @param images the images to cut from (e.g. {@link IdxReader#readImages} of Fashion-MNIST)
     * @param group  a 2-D group; its shape {@code [k, k]} is the patch size, its support the pixels kept
     * @param count  number of patches, ≥ 1
     * @param seed   seed of the image and position choices (the same seed gives the same patches)
     * @return {@code count} signals of the group's dimension
     * @throws IllegalArgumentException for a group that is not 2-D, patches larger than the images, or images
     *                                  too flat to give {@code count} patches
     */
    public static double[][] sample(IdxReader.IdxImages images, SignalGroup group, int count, long seed) {
        int[] shape = group.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("ImagePatches: expected a 2-D group (patches of images), found "
                    + group.name() + " on shape " + java.util.Arrays.toString(shape));
        }
        if (count < 1) {
            throw new IllegalArgumentException("ImagePatches: expected count >= 1, found " + count);
        }
        int kh = shape[0];
        int kw = shape[1];
        if (images.rows < kh || images.columns < kw || images.count < 1) {
            throw new IllegalArgumentException(String.format("ImagePatches: expected images of at least %dx%d, "
                    + "found %d image(s) of %dx%d", kh, kw, images.count, images.rows, images.columns));
        }
        boolean[] support = group.support();
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, 2, 0));
        double[][] patches = new double[count][];
        int found = 0;
        for (long draw = 0; found < count; draw++) {
            if (draw >= (long) DRAWS_PER_PATCH * count) {
                throw new IllegalArgumentException(String.format("ImagePatches: expected %d patches whose pixels "
                        + "vary by at least %.2f, found %d in %d draws (the images are almost flat)",
                        count, MIN_PIXEL_STD, found, draw));
            }
            double[] patch = cut(images, random.nextInt(images.count), random.nextInt(images.rows - kh + 1),
                    random.nextInt(images.columns - kw + 1), kh, kw, support);
            if (standardise(patch, support)) {
                patches[found++] = patch;
            }
        }
        return patches;
    }

    private static double[] cut(IdxReader.IdxImages images, int image, int top, int left, int kh, int kw,
                                boolean[] support) {
        double[] patch = new double[kh * kw];
        int offset = image * images.rows * images.columns;
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                if (support[i * kw + j]) {
                    patch[i * kw + j] = (images.pixels[offset + (top + i) * images.columns + left + j] & 0xff) / 255.0;
                }
            }
        }
        return patch;
    }

    /** Mean 0, variance 1 on the support, in place; false (patch unchanged in meaning) for a flat patch. */
    private static boolean standardise(double[] patch, boolean[] support) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < patch.length; i++) {
            if (support[i]) {
                sum += patch[i];
                n++;
            }
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < patch.length; i++) {
            if (support[i]) {
                patch[i] -= mean;
                squares += patch[i] * patch[i];
            }
        }
        double std = Math.sqrt(squares / n);
        if (std < MIN_PIXEL_STD) {
            return false;
        }
        for (int i = 0; i < patch.length; i++) {
            patch[i] /= std;
        }
        return true;
    }
}
