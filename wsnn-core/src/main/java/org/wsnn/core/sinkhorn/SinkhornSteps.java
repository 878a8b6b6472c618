package org.wsnn.core.sinkhorn;

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
}
