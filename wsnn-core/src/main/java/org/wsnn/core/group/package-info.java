/**
 * Permutation groups: ground-truth group representations (permutation and interpolation matrices acting
 * on flattened signals and kernels), against which learned weight-sharing stacks are scored and from which
 * the fixed G-CNN layers take their stacks; and the structure of a set of permutations found by rounding a
 * learned stack ({@link org.wsnn.core.group.Permutation}, the generated
 * {@link org.wsnn.core.group.PermutationGroup}, and its name from {@link org.wsnn.core.group.GroupCatalogue}).
 */
package org.wsnn.core.group;
