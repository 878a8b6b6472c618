/**
 * Synthetic symmetry-discovery data with exact ground truth: signals x = P_g s_b + noise, where the P_g
 * are known matrices ({@link org.wsnn.data.synthetic.SignalGroup}: cyclic shifts, C4/C8 image rotations,
 * 3×3×3 voxel rotations) acting on row-major flattened signals as x' = P_g x. Each generated
 * {@link org.wsnn.data.synthetic.SymmetryDataset} returns the matrices it used, so the representation
 * analysis ({@code org.wsnn.core.analysis}) can score what a layer learned. Presets with documented sizes:
 * {@link org.wsnn.data.synthetic.SymmetryTasks}.
 */
package org.wsnn.data.synthetic;
