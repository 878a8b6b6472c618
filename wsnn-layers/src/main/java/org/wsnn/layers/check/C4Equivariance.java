package org.wsnn.layers.check;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.function.UnaryOperator;

/**
 * Equivariance test kit for the rotation group C4 acting on images and group feature maps.
 *
 * <p>The action: on an image x [.., H, W], (ρ x) = rot90(x) over the last two axes (counter-clockwise,
 * numpy's convention); on a group feature map f [B, C, G, H, W], (ρ f)[:, :, g] = rot90(f[:, :, g − 1]),
 * i.e. rotate space and cyclically shift the group axis by one. A map Φ is equivariant when
 * Φ(ρ x) = ρ Φ(x); {@link #error} returns max |Φ(ρ x) − ρ Φ(x)|.
 */
public final class C4Equivariance {

    private C4Equivariance() {
    }

    /** rot90 of the last two axes (square only): out[.., i, j] = x[.., j, W − 1 − i]. */
    public static INDArray rot90(INDArray x) {
        int r = x.rank();
        long w = x.size(r - 1);
        if (x.size(r - 2) != w) {
            throw new IllegalArgumentException("C4Equivariance: rot90 needs square spatial axes, found "
                    + x.size(r - 2) + "x" + w);
        }
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        INDArray t = x.permute(perm);
        INDArray out = Nd4j.createUninitialized(x.dataType(), t.shape());
        for (long i = 0; i < w; i++) {
            out.get(rowIndex(r, i)).assign(t.get(rowIndex(r, w - 1 - i)));
        }
        return out;
    }

    /** Cyclic shift of axis 2 (the group axis) by {@code shift}: out[:, :, g] = x[:, :, g − shift]. */
    public static INDArray rollGroup(INDArray x, int shift) {
        long g = x.size(2);
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        for (long e = 0; e < g; e++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(Math.floorMod(e + shift, g)))
                    .assign(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(e)));
        }
        return out;
    }

    /** The C4 generator's action on an output: rot90 for rank ≤ 4, rot90 plus group shift for rank 5. */
    public static INDArray act(INDArray y) {
        return y.rank() == 5 ? rollGroup(rot90(y), 1) : rot90(y);
    }

    /** max |Φ(ρ x) − ρ Φ(x)| for the generator ρ (rot90). */
    public static double error(UnaryOperator<INDArray> phi, INDArray x) {
        INDArray lhs = phi.apply(rot90(x));
        INDArray rhs = act(phi.apply(x));
        return lhs.sub(rhs).amaxNumber().doubleValue();
    }

    /** max |Φ(ρ x) − Φ(x)|: zero for an invariant map. */
    public static double invarianceError(UnaryOperator<INDArray> phi, INDArray x) {
        return phi.apply(rot90(x)).sub(phi.apply(x)).amaxNumber().doubleValue();
    }

    private static INDArrayIndex[] rowIndex(int rank, long row) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            idx[i] = NDArrayIndex.all();
        }
        idx[rank - 2] = NDArrayIndex.point(row);
        return idx;
    }
}
