package org.wsnn.data;

/**
 * Derives independent, machine-independent seeds from a base seed and integer coordinates (epoch,
 * example index) with the SplitMix64 finaliser, so each example's random transform depends only on
 * (seed, epoch, index) and not on batch size, order or thread.
 */
public final class Seeds {

    private Seeds() {
    }

    /**
     * @param seed base seed
     * @param a    first coordinate (e.g. epoch)
     * @param b    second coordinate (e.g. example index)
     * @return a well-mixed 64-bit seed
     */
    public static long mix(long seed, long a, long b) {
        long z = splitMix(seed ^ splitMix(a + 0x9E3779B97F4A7C15L));
        return splitMix(z ^ splitMix(b + 0xBF58476D1CE4E5B9L));
    }

    private static long splitMix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
