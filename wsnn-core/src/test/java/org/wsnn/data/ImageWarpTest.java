package org.wsnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.wsnn.core.group.Permutations;

class ImageWarpTest {

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble();
        }
        return a;
    }

    /** numpy.rot90(img, k) on each channel of a square image. */
    static float[] rot90(float[] src, int channels, int k, int times) {
        float[] cur = src.clone();
        for (int t = 0; t < times; t++) {
            float[] next = new float[cur.length];
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        next[c * k * k + i * k + j] = cur[c * k * k + j * k + (k - 1 - i)];
                    }
                }
            }
            cur = next;
        }
        return cur;
    }

    @Test
    void quarterTurnsAreExactPixelRotations() {
        for (int k : new int[] {28, 7, 32}) {
            float[] img = random(3 * k * k, k);
            float[] out = new float[img.length];
            for (int t = 1; t <= 3; t++) {
                ImageWarp.rotate(img, out, 3, k, k, 90.0 * t);
                assertArrayEquals(rot90(img, 3, k, t), out, 0f, "rotate " + (90 * t) + " deg, k=" + k);
            }
            ImageWarp.rotate(img, out, 3, k, k, -90.0);
            assertArrayEquals(rot90(img, 3, k, 3), out, 0f, "rotate -90 deg, k=" + k);
        }
    }

    @Test
    void zeroRotationAndUnitScaleAreIdentity() {
        float[] img = random(2 * 28 * 20, 3);
        float[] out = new float[img.length];
        ImageWarp.rotate(img, out, 2, 28, 20, 0.0);
        assertArrayEquals(img, out, 0f, "rotate 0 deg (non-square 28x20)");
        ImageWarp.rotate(img, out, 2, 28, 20, 360.0);
        assertArrayEquals(img, out, 0f, "rotate 360 deg");
        ImageWarp.scale(img, out, 2, 28, 20, 1.0);
        assertArrayEquals(img, out, 1e-6f, "scale 1.0");
    }

    @Test
    void rotationAgreesWithPermutationsRotationMatrices() {
        int k = 9;
        int n = 8;
        double[][][] m = Permutations.toArray(Permutations.rotations(n, k));
        float[] img = random(k * k, 11);
        float[] out = new float[k * k];
        for (int g = 0; g < n; g++) {
            ImageWarp.rotate(img, out, 1, k, k, 360.0 * g / n);
            for (int p = 0; p < k * k; p++) {
                double expected = 0;
                for (int q = 0; q < k * k; q++) {
                    expected += m[g][p][q] * img[q];
                }
                assertEquals(expected, out[p], 1e-5, "rotation " + g + "/" + n + " vs Permutations.rotations, pixel " + p);
            }
        }
    }

    @Test
    void scalingShrinksTowardsTheCentre() {
        int k = 28;
        float[] ones = new float[k * k];
        java.util.Arrays.fill(ones, 1f);
        float[] out = new float[k * k];
        ImageWarp.scale(ones, out, 1, k, k, 0.5);
        // int(28 * 0.5) = 14, offset (28 - 14) / 2 = 7
        for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
                float expected = (y >= 7 && y < 21 && x >= 7 && x < 21) ? 1f : 0f;
                assertEquals(expected, out[y * k + x], 1e-6f, "scale 0.5 of ones at (" + y + "," + x + ")");
            }
        }
        ImageWarp.scale(ones, out, 1, k, k, 0.3);
        int inside = 0;
        for (float v : out) {
            inside += v > 0.5f ? 1 : 0;
        }
        assertEquals(8 * 8, inside, "scale 0.3: int(28*0.3) = 8, an 8x8 block");
    }

    @Test
    void flipMirrorsColumns() {
        float[] img = random(2 * 3 * 4, 5);
        float[] out = new float[img.length];
        ImageWarp.flipHorizontal(img, out, 2, 3, 4);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(img[(c * 3 + y) * 4 + 3 - x], out[(c * 3 + y) * 4 + x], 0f,
                            "flip at c=" + c + " y=" + y + " x=" + x);
                }
            }
        }
    }
}
