package org.wsnn.data;

import java.util.Arrays;

/**
 * An immutable in-memory set of labelled 8-bit images, channel-planar: image {@code n}, channel {@code c},
 * row {@code y}, column {@code x} is the unsigned byte at
 * {@code pixels[((n * channels + c) * height + y) * width + x]}. This is the layout of both IDX files
 * (one channel) and CIFAR-10 binaries (three planes R, G, B), so readers fill it without reordering.
 *
 * <p>Pixels are kept as bytes (a quarter of the memory of floats); {@link #pixel(int, int)} returns the
 * value in [0, 1] as {@code byte/255}.
 */
public final class LabeledImages {

    private final int count;
    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final int[] labels;
    private final int numClasses;

    /**
     * @param channels   channels per image, at least 1
     * @param height     rows per image, at least 1
     * @param width      columns per image, at least 1
     * @param pixels     {@code count * channels * height * width} unsigned bytes, channel-planar (not copied)
     * @param labels     one class index per image, each in [0, numClasses) (not copied)
     * @param numClasses number of classes, larger than every label
     * @throws IllegalArgumentException if the sizes disagree or a label is out of range
     */
    public LabeledImages(int channels, int height, int width, byte[] pixels, int[] labels, int numClasses) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("LabeledImages: expected channels, height, width >= 1, found "
                    + channels + ", " + height + ", " + width);
        }
        long per = (long) channels * height * width;
        if (pixels.length != labels.length * per) {
            throw new IllegalArgumentException("LabeledImages: expected " + labels.length + " images x " + per
                    + " = " + labels.length * per + " pixel bytes, found " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("LabeledImages: label of image " + i + " expected in [0, "
                        + numClasses + "), found " + labels[i]);
            }
        }
        this.count = labels.length;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    /** @return number of images */
    public int count() {
        return count;
    }

    /** @return channels per image */
    public int channels() {
        return channels;
    }

    /** @return rows per image */
    public int height() {
        return height;
    }

    /** @return columns per image */
    public int width() {
        return width;
    }

    /** @return values per image, {@code channels * height * width} */
    public int imageSize() {
        return channels * height * width;
    }

    /** @return number of classes */
    public int numClasses() {
        return numClasses;
    }

    /**
     * @param image image index
     * @return its class index
     */
    public int label(int image) {
        return labels[image];
    }

    /** @return a copy of all labels */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * @param image image index
     * @param offset position inside the image, channel-planar row-major
     * @return the pixel value scaled to [0, 1]
     */
    public float pixel(int image, int offset) {
        return (pixels[image * imageSize() + offset] & 0xFF) / 255f;
    }

    /**
     * Writes one image scaled to [0, 1] into {@code dst}.
     *
     * @param image image index
     * @param dst   destination with at least {@link #imageSize()} entries
     */
    public void copyImage(int image, float[] dst) {
        int size = imageSize();
        int base = image * size;
        for (int i = 0; i < size; i++) {
            dst[i] = (pixels[base + i] & 0xFF) * (1f / 255f);
        }
    }

    /**
     * @param n number of leading images to keep, in [0, count]
     * @return the first {@code n} images (this object when {@code n == count})
     */
    public LabeledImages head(int n) {
        if (n < 0 || n > count) {
            throw new IllegalArgumentException("LabeledImages.head: expected n in [0, " + count + "], found " + n);
        }
        if (n == count) {
            return this;
        }
        return new LabeledImages(channels, height, width, Arrays.copyOf(pixels, n * imageSize()),
                Arrays.copyOf(labels, n), numClasses);
    }

    @Override
    public String toString() {
        return "LabeledImages[" + count + " x " + channels + "x" + height + "x" + width + ", " + numClasses
                + " classes]";
    }
}
