package org.wsnn.core.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A permutation σ of {0, …, n−1}, stored as its images: {@code images[i] = σ(i)}. As a matrix, row i of P
 * has its 1 in column σ(i), so (P x)_i = x_{σ(i)} — the convention of
 * {@link org.wsnn.core.analysis.NearestPermutation}.
 *
 * <p>Composition follows the matrices: {@link #then(Permutation) a.then(b)} is the permutation of the
 * product P_a · P_b, i.e. (P_a P_b x)_i = (P_b x)_{σa(i)} = x_{σb(σa(i))}, images {@code b[a[i]]}.
 * Immutable; equal when the images are equal.
 */
public final class Permutation {

    private final int[] images;

    private Permutation(int[] images) {
        this.images = images;
    }

    /**
     * @param images σ(0), …, σ(n−1): each of 0..n−1 exactly once (copied)
     * @throws IllegalArgumentException naming the first repeated or out-of-range image
     */
    public static Permutation of(int... images) {
        if (images == null || images.length == 0) {
            throw new IllegalArgumentException("Permutation: images expected a non-empty permutation of 0..n-1, found "
                    + (images == null ? "null" : "an empty array"));
        }
        boolean[] seen = new boolean[images.length];
        for (int i = 0; i < images.length; i++) {
            int j = images[i];
            if (j < 0 || j >= images.length || seen[j]) {
                throw new IllegalArgumentException("Permutation: images expected each of 0.." + (images.length - 1)
                        + " exactly once, found " + j + " at position " + i + " in " + Arrays.toString(images));
            }
            seen[j] = true;
        }
        return new Permutation(images.clone());
    }

    /** The identity on n points. */
    public static Permutation identity(int n) {
        int[] images = new int[n];
        for (int i = 0; i < n; i++) {
            images[i] = i;
        }
        return of(images);
    }

    /** Number n of points acted on. */
    public int size() {
        return images.length;
    }

    /** σ(i). */
    public int image(int i) {
        return images[i];
    }

    /** A copy of the images. */
    public int[] images() {
        return images.clone();
    }

    /** The permutation of the matrix product P_this · P_next (images {@code next[this[i]]}). */
    public Permutation then(Permutation next) {
        if (next.images.length != images.length) {
            throw new IllegalArgumentException("Permutation: cannot compose permutations of " + images.length
                    + " and " + next.images.length + " points");
        }
        int[] out = new int[images.length];
        for (int i = 0; i < images.length; i++) {
            out[i] = next.images[images[i]];
        }
        return new Permutation(out);
    }

    /** σ⁻¹. */
    public Permutation inverse() {
        int[] out = new int[images.length];
        for (int i = 0; i < images.length; i++) {
            out[images[i]] = i;
        }
        return new Permutation(out);
    }

    /** True when σ(i) = i for every i. */
    public boolean isIdentity() {
        for (int i = 0; i < images.length; i++) {
            if (images[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** Lengths of the disjoint cycles (fixed points are cycles of length 1), longest first. */
    public List<Integer> cycleLengths() {
        boolean[] seen = new boolean[images.length];
        List<Integer> lengths = new ArrayList<>();
        for (int start = 0; start < images.length; start++) {
            if (seen[start]) {
                continue;
            }
            int length = 0;
            for (int i = start; !seen[i]; i = images[i]) {
                seen[i] = true;
                length++;
            }
            lengths.add(length);
        }
        lengths.sort((a, b) -> Integer.compare(b, a));
        return lengths;
    }

    /** The order: the least m ≥ 1 with σ^m = id, the lcm of the cycle lengths. */
    public long order() {
        long order = 1;
        for (int length : cycleLengths()) {
            order = order / gcd(order, length) * length;
        }
        return order;
    }

    /**
     * The cycle type as {@code length^count} terms, longest cycles first: a shift by 3 on 12 points is
     * {@code "4^3"}, a transposition on 4 points {@code "2^1 1^2"}, the identity on 5 points {@code "1^5"}.
     */
    public String cycleType() {
        Map<Integer, Integer> counts = new TreeMap<>((a, b) -> Integer.compare(b, a));
        for (int length : cycleLengths()) {
            counts.merge(length, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((length, count) -> sb.append(sb.length() == 0 ? "" : " ").append(length).append('^').append(count));
        return sb.toString();
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permutation p && Arrays.equals(images, p.images);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(images);
    }

    @Override
    public String toString() {
        return Arrays.toString(images);
    }
}
