/**
 * Ground-truth group representations (permutation and interpolation matrices acting on flattened
 * signals and kernels), the references against which learned weight-sharing stacks are scored and from
 * which the fixed G-CNN layers take their stacks.
 */
package org.wsnn.core.group;
