package org.wsnn.layers.check;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.wsnn.core.group.Permutation;
import org.wsnn.core.group.Permutations;

import java.util.Optional;

/**
 * The eight symmetries of a square grid (the dihedral group D4), each acting on images [.., H, W] and on
 * the k×k taps of a kernel as one and the same map: rot90^q ∘ mirror^m, the mirror (x[.., i, W − 1 − j])
 * applied first, rot90 as in {@link C4Equivariance#rot90}. They are the tap permutations that extend to
 * whole images, so a network whose lifting stack rounds to some of them can be checked for exact
 * invariance on real inputs: conv(s·x, s·w) = s·conv(x, w) for each of them.
 */
public enum GridSymmetry {
    /** The identity. */
    IDENTITY(0, false),
    /** A quarter turn counter-clockwise. */
    ROT90(1, false),
    /** A half turn. */
    ROT180(2, false),
    /** Three quarter turns. */
    ROT270(3, false),
    /** The mirror x[i][W − 1 − j]. */
    MIRROR(0, true),
    /** rot90 after the mirror. */
    ROT90_MIRROR(1, true),
    /** rot180 after the mirror. */
    ROT180_MIRROR(2, true),
    /** rot270 after the mirror. */
    ROT270_MIRROR(3, true);

    private final int quarterTurns;
    private final boolean mirror;

    GridSymmetry(int quarterTurns, boolean mirror) {
        this.quarterTurns = quarterTurns;
        this.mirror = mirror;
    }

    /** The symmetry as a permutation of the k² row-major taps, in the stacks' convention (P w)_n = w[σ(n)]. */
    public Permutation taps(int k) {
        INDArray p = Nd4j.eye(k * k).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        if (mirror) {
            p = Permutations.horizontalFlips(k).slice(1).mmul(p);
        }
        INDArray rot = Permutations.c4GridRotations(k).slice(1);
        for (int q = 0; q < quarterTurns; q++) {
            p = rot.mmul(p);
        }
        int[] images = new int[k * k];
        for (int n = 0; n < images.length; n++) {
            images[n] = p.getRow(n).argMax().getInt(0);
        }
        return Permutation.of(images);
    }

    /** The symmetry of the last two (square) axes of {@code x}. */
    public INDArray apply(INDArray x) {
        INDArray y = mirror ? mirrorLastAxis(x) : x.dup();
        for (int q = 0; q < quarterTurns; q++) {
            y = C4Equivariance.rot90(y);
        }
        return y;
    }

    /** The grid symmetry whose tap permutation on a k×k kernel is {@code taps}, if there is one. */
    public static Optional<GridSymmetry> ofTaps(Permutation taps, int k) {
        if (taps.size() != k * k) {
            return Optional.empty();
        }
        for (GridSymmetry s : values()) {
            if (s.taps(k).equals(taps)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static INDArray mirrorLastAxis(INDArray x) {
        int r = x.rank();
        long w = x.size(r - 1);
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        for (long j = 0; j < w; j++) {
            out.get(column(r, j)).assign(x.get(column(r, w - 1 - j)));
        }
        return out;
    }

    private static INDArrayIndex[] column(int rank, long j) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            idx[i] = NDArrayIndex.all();
        }
        idx[rank - 1] = NDArrayIndex.point(j);
        return idx;
    }
}
