package org.wsnn.data;

/**
 * Geometric transforms of channel-planar float images ({@code [C, H, W]} flattened row-major), in plain
 * Java, bilinear, with zero fill outside the source.
 *
 * <h2>Rotation</h2>
 * Counter-clockwise by θ as seen on screen (rows grow downwards), about the centre
 * {@code (cx, cy) = ((W−1)/2, (H−1)/2)} — the convention of torchvision's {@code rotate}. Each output pixel
 * {@code (x, y)} samples the source at
 * <pre>
 *   x_s = cx + (x − cx)·cos θ − (y − cy)·sin θ
 *   y_s = cy + (x − cx)·sin θ + (y − cy)·cos θ
 * </pre>
 * with bilinear weights; corners outside the image count as 0. cos θ and sin θ within 1e−12 of 0 or ±1
 * are snapped, so multiples of 90° are exact pixel permutations (90° equals {@code numpy.rot90(img, 1)}).
 * On one channel this is the matrix {@code org.wsnn.core.group.Permutations.rotations} builds for the same
 * angle (tested): {@code x' = M x}.
 *
 * <h2>Scaling</h2>
 * The image is resized by s to {@code h' = (int)(H·s)}, {@code w' = (int)(W·s)} (at least 1) with bilinear
 * interpolation at half-pixel centres ({@code torch.nn.functional.interpolate(mode="bilinear",
 * align_corners=False)}, no antialiasing), then placed on a zero canvas of the original size at offset
 * {@code (⌊(H−h')/2⌋, ⌊(W−w')/2⌋)} (for s &gt; 1 this is a centre crop). s = 1 is the identity.
 *
 * <h2>Flip</h2>
 * Horizontal mirror: {@code out[y][x] = in[y][W−1−x]}.
 */
public final class ImageWarp {

    private static final double SNAP = 1e-12;

    private ImageWarp() {
    }

    /**
     * Rotates an image (see the class comment for the convention).
     *
     * @param src      source, {@code channels * height * width} values
     * @param dst      destination of the same size (must not be {@code src})
     * @param channels channels
     * @param height   rows
     * @param width    columns
     * @param degrees  counter-clockwise angle in degrees
     */
    public static void rotate(float[] src, float[] dst, int channels, int height, int width, double degrees) {
        double rad = Math.toRadians(degrees);
        double cos = snap(Math.cos(rad));
        double sin = snap(Math.sin(rad));
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            double dy = y - cy;
            double sx = cx - cx * cos - dy * sin;
            double sy = cy - cx * sin + dy * cos;
            for (int x = 0; x < width; x++, sx += cos, sy += sin) {
                int out = y * width + x;
                sampleAll(src, dst, channels, plane, height, width, sx, sy, out);
            }
        }
    }

    /**
     * Scales an image about its centre onto a zero canvas of the same size (see the class comment).
     *
     * @param src      source, {@code channels * height * width} values
     * @param dst      destination of the same size (must not be {@code src})
     * @param channels channels
     * @param height   rows
     * @param width    columns
     * @param scale    factor s &gt; 0
     */
    public static void scale(float[] src, float[] dst, int channels, int height, int width, double scale) {
        int h2 = Math.max(1, (int) (height * scale));
        int w2 = Math.max(1, (int) (width * scale));
        int oy = Math.floorDiv(height - h2, 2);
        int ox = Math.floorDiv(width - w2, 2);
        double ry = (double) height / h2;
        double rx = (double) width / w2;
        int plane = height * width;
        java.util.Arrays.fill(dst, 0, channels * plane, 0f);
        for (int y = Math.max(0, oy); y < Math.min(height, oy + h2); y++) {
            double sy = Math.max(0.0, (y - oy + 0.5) * ry - 0.5);
            int y0 = Math.min((int) sy, height - 1);
            int y1 = Math.min(y0 + 1, height - 1);
            float fy = (float) (sy - y0);
            for (int x = Math.max(0, ox); x < Math.min(width, ox + w2); x++) {
                double sx = Math.max(0.0, (x - ox + 0.5) * rx - 0.5);
                int x0 = Math.min((int) sx, width - 1);
                int x1 = Math.min(x0 + 1, width - 1);
                float fx = (float) (sx - x0);
                for (int c = 0; c < channels; c++) {
                    int b = c * plane;
                    float top = src[b + y0 * width + x0] * (1 - fx) + src[b + y0 * width + x1] * fx;
                    float bottom = src[b + y1 * width + x0] * (1 - fx) + src[b + y1 * width + x1] * fx;
                    dst[b + y * width + x] = top * (1 - fy) + bottom * fy;
                }
            }
        }
    }

    /**
     * Mirrors an image left to right.
     *
     * @param src      source
     * @param dst      destination of the same size (must not be {@code src})
     * @param channels channels
     * @param height   rows
     * @param width    columns
     */
    public static void flipHorizontal(float[] src, float[] dst, int channels, int height, int width) {
        for (int r = 0; r < channels * height; r++) {
            int base = r * width;
            for (int x = 0; x < width; x++) {
                dst[base + x] = src[base + width - 1 - x];
            }
        }
    }

    private static void sampleAll(float[] src, float[] dst, int channels, int plane, int height, int width,
            double sx, double sy, int out) {
        double fx0 = Math.floor(sx);
        double fy0 = Math.floor(sy);
        int x0 = (int) fx0;
        int y0 = (int) fy0;
        if (x0 < -1 || x0 >= width || y0 < -1 || y0 >= height) {
            for (int c = 0; c < channels; c++) {
                dst[c * plane + out] = 0f;
            }
            return;
        }
        float fx = (float) (sx - fx0);
        float fy = (float) (sy - fy0);
        float w00 = (1 - fx) * (1 - fy);
        float w01 = fx * (1 - fy);
        float w10 = (1 - fx) * fy;
        float w11 = fx * fy;
        boolean xin0 = x0 >= 0;
        boolean xin1 = x0 + 1 < width;
        boolean yin0 = y0 >= 0;
        boolean yin1 = y0 + 1 < height;
        int i00 = y0 * width + x0;
        for (int c = 0; c < channels; c++) {
            int b = c * plane + i00;
            float v = 0f;
            if (yin0) {
                if (xin0) {
                    v += w00 * src[b];
                }
                if (xin1) {
                    v += w01 * src[b + 1];
                }
            }
            if (yin1) {
                if (xin0) {
                    v += w10 * src[b + width];
                }
                if (xin1) {
                    v += w11 * src[b + width + 1];
                }
            }
            dst[c * plane + out] = v;
        }
    }

    private static double snap(double v) {
        if (Math.abs(v) < SNAP) {
            return 0.0;
        }
        if (Math.abs(v - 1) < SNAP) {
            return 1.0;
        }
        if (Math.abs(v + 1) < SNAP) {
            return -1.0;
        }
        return v;
    }
}
