package org.wsnn.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * One Sinkhorn forward pass that remembers what its backward pass needs: the input of every
 * log-normalising step. {@link #backward(INDArray)} is the exact vector–Jacobian product of
 * R = Sinkhorn(Θ): for a step y = x − LSE_axis(x),
 * <pre>
 *   ∂L/∂x = ∂L/∂y − softmax_axis(x) · Σ_axis ∂L/∂y
 * </pre>
 * and for the final R = exp(Θ_K), ∂L/∂Θ_K = ∂L/∂R ⊙ R. Used to train representation logits outside a
 * SameDiff graph and for the entropy penalty's gradient.
 */
public final class SinkhornTrace {

    private final List<INDArray> stepInputs;
    private final INDArray output;
    private final int rowAxis;
    private final int colAxis;

    private SinkhornTrace(List<INDArray> stepInputs, INDArray output, int rank) {
        this.stepInputs = stepInputs;
        this.output = output;
        this.rowAxis = rank - 1;
        this.colAxis = rank - 2;
    }

    /**
     * Runs {@code iterations} row-then-column passes on a copy of the logits, keeping the trace.
     *
     * @param logits     {@code [d, d]} or {@code [G, d, d]}, not modified
     * @param iterations at least 1
     */
    public static SinkhornTrace forward(INDArray logits, int iterations) {
        Sinkhorn.checkLogits(logits, "logits");
        Checks.positive("Sinkhorn", "iterations", iterations);
        int rank = logits.rank();
        List<INDArray> inputs = new ArrayList<>(2 * iterations);
        INDArray a = logits.dup();
        for (int it = 0; it < iterations; it++) {
            inputs.add(a.dup());
            a.subi(Sinkhorn.logSumExp(a, rank - 1));
            inputs.add(a.dup());
            a.subi(Sinkhorn.logSumExp(a, rank - 2));
        }
        return new SinkhornTrace(inputs, Transforms.exp(a, false), rank);
    }

    /** The doubly stochastic result R (same as {@link Sinkhorn#normalize}). */
    public INDArray output() {
        return output;
    }

    /**
     * ∂L/∂Θ from ∂L/∂R.
     *
     * @param gradOutput ∂L/∂R, same shape as the output; not modified
     * @return ∂L/∂Θ, same shape as the logits
     */
    public INDArray backward(INDArray gradOutput) {
        INDArray g = gradOutput.castTo(output.dataType()).mul(output);
        for (int step = stepInputs.size() - 1; step >= 0; step--) {
            int axis = step % 2 == 0 ? rowAxis : colAxis;
            INDArray x = stepInputs.get(step);
            INDArray softmax = Transforms.exp(x.sub(Sinkhorn.logSumExp(x, axis)), false);
            g.subi(softmax.muli(g.sum(true, axis)));
        }
        return g;
    }
}
