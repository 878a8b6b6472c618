package org.wsnn.core;

/**
 * The remembered forward pass of Sinkhorn on a stack of {@code matrices} d×d matrices stored row-major in
 * one {@code double[]}, and its exact backward pass. Every Sinkhorn half-step y = x − LSE_line(x) has the
 * vector–Jacobian product ∂L/∂x = ∂L/∂y − S ⊙ Σ_line ∂L/∂y with S = softmax_line(x) — which is exactly
 * the matrix after that half-step, exp(y). The two implementations differ in how they keep or recompute
 * those matrices: {@link ScaledSinkhornSteps} (scaling vectors, no {@code exp} per step) and
 * {@link LogDomainSinkhornSteps} (log-sum-exps, for logits too spread out for scaling).
 */
interface SinkhornSteps {

    /** R = exp(Θ_K), the doubly stochastic result. */
    double[] result();

    /**
     * Replaces g = ∂L/∂Θ_K (the gradient with respect to the last log-domain iterate, i.e. ∂L/∂R ⊙ R) by
     * ∂L/∂Θ, going back through the 2K half-steps.
     */
    void backward(double[] g);

    /** g ← g − S ⊙ Σ_line g along rows ({@code rows}) or columns of every matrix, S given per element. */
    static void subtractProjection(double[] g, int matrices, int d, boolean rows, ElementValue s) {
        int lineStride = rows ? d : 1;
        int elementStride = rows ? 1 : d;
        java.util.stream.IntStream.range(0, matrices).parallel().forEach(m -> {
            int base = m * d * d;
            for (int l = 0; l < d; l++) {
                int start = base + l * lineStride;
                double sum = 0;
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    sum += g[p];
                }
                for (int k = 0, p = start; k < d; k++, p += elementStride) {
                    g[p] -= s.at(m, rows ? l : k, rows ? k : l, p) * sum;
                }
            }
        });
    }

    /** The value of S at row i, column j of matrix m (flat index p). */
    @FunctionalInterface
    interface ElementValue {
        double at(int m, int i, int j, int p);
    }
}
