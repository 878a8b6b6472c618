package org.wsnn.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An immutable random image transform: for each example draw, in this order, an angle
 * θ ~ U[θmin, θmax), a scale s ~ U[smin, smax), a flip bit (probability ½, when flips are on), then apply
 * scale → rotation → flip ({@link ImageWarp}) and add i.i.d. Gaussian noise N(0, σ²) per value, in pixel
 * units where the image is in [0, 1]. Only examples whose label is selected are transformed (all by
 * default); the others pass through unchanged.
 *
 * <p>A degenerate range (θmin = θmax = 0, smin = smax = 1) skips that step exactly, so "rotation by 0°"
 * and "scale 1" are the identity. Randomness comes only from the {@link SplittableRandom} passed in.
 */
public final class ImageAugmentation {

    private final double minDegrees;
    private final double maxDegrees;
    private final double minScale;
    private final double maxScale;
    private final boolean flip;
    private final double noiseStd;
    private final boolean[] selected;

    /**
     * @param minDegrees smallest angle (degrees, counter-clockwise)
     * @param maxDegrees largest angle, ≥ minDegrees
     * @param minScale   smallest scale, &gt; 0
     * @param maxScale   largest scale, ≥ minScale
     * @param flip       random horizontal flips with probability ½
     * @param noiseStd   Gaussian noise standard deviation, ≥ 0
     * @param selected   per class: transform it; {@code null} for all classes
     */
    public ImageAugmentation(double minDegrees, double maxDegrees, double minScale, double maxScale, boolean flip,
            double noiseStd, boolean[] selected) {
        if (!(minDegrees <= maxDegrees) || !(minScale > 0 && minScale <= maxScale) || !(noiseStd >= 0)) {
            throw new IllegalArgumentException("ImageAugmentation: expected minDegrees <= maxDegrees, "
                    + "0 < minScale <= maxScale, noiseStd >= 0, found [" + minDegrees + ", " + maxDegrees
                    + "], [" + minScale + ", " + maxScale + "], " + noiseStd);
        }
        this.minDegrees = minDegrees;
        this.maxDegrees = maxDegrees;
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.flip = flip;
        this.noiseStd = noiseStd;
        this.selected = selected == null ? null : selected.clone();
    }

    /** @return an augmentation that changes nothing */
    public static ImageAugmentation identity() {
        return new ImageAugmentation(0, 0, 1, 1, false, 0, null);
    }

    /** @return {@code true} when no example can be changed */
    public boolean isIdentity() {
        return minDegrees == 0 && maxDegrees == 0 && minScale == 1 && maxScale == 1 && !flip && noiseStd == 0;
    }

    /**
     * @param label a class index
     * @return whether examples of this class are transformed
     */
    public boolean transforms(int label) {
        return selected == null || (label < selected.length && selected[label]);
    }

    /**
     * Transforms one image. {@code a} holds the input; the result is in the returned array, which is
     * {@code a} or {@code b} (both are overwritten as scratch).
     *
     * @param a        input image, also scratch
     * @param b        scratch of the same size
     * @param channels channels
     * @param height   rows
     * @param width    columns
     * @param label    the example's class
     * @param random   this example's random source
     * @return the array holding the result
     */
    public float[] apply(float[] a, float[] b, int channels, int height, int width, int label,
            SplittableRandom random) {
        if (!transforms(label)) {
            return a;
        }
        double angle = minDegrees == maxDegrees ? minDegrees
                : minDegrees + (maxDegrees - minDegrees) * random.nextDouble();
        double s = minScale == maxScale ? minScale : minScale + (maxScale - minScale) * random.nextDouble();
        boolean mirror = flip && random.nextBoolean();
        float[] cur = a;
        float[] other = b;
        if (s != 1.0) {
            ImageWarp.scale(cur, other, channels, height, width, s);
            float[] t = cur;
            cur = other;
            other = t;
        }
        if (angle != 0.0) {
            ImageWarp.rotate(cur, other, channels, height, width, angle);
            float[] t = cur;
            cur = other;
            other = t;
        }
        if (mirror) {
            ImageWarp.flipHorizontal(cur, other, channels, height, width);
            float[] t = cur;
            cur = other;
            other = t;
        }
        if (noiseStd > 0) {
            int size = channels * height * width;
            for (int i = 0; i < size; i++) {
                cur[i] += (float) (noiseStd * random.nextGaussian());
            }
        }
        return cur;
    }

    @Override
    public String toString() {
        return "ImageAugmentation[degrees=[" + minDegrees + ", " + maxDegrees + "], scale=[" + minScale + ", "
                + maxScale + "], flip=" + flip + ", noiseStd=" + noiseStd + ", classes="
                + (selected == null ? "all" : Arrays.toString(selected)) + "]";
    }
}
