package org.wsnn.data.synthetic;

/** How a synthetic sample x = P_g s_b + noise is labelled (b: base signal, g: element among the G used). */
public enum LabelMode {
    /** Label b: the class does not change under the symmetry. {@code numClasses = B}. */
    INVARIANT,
    /**
     * Label b·G + g: the target transforms with the signal (the pair (signal, transformation)).
     * {@code numClasses = B·G}.
     */
    EQUIVARIANT
}
