/**
 * Kernel construction and its backward pass, called by the runtime of the group convolutions
 * ({@link org.wsnn.layers.runtime.GroupConvolutionLayer}), never by the configuration beans:
 * {@link org.wsnn.layers.kernel.KernelShape} (the shapes), {@link org.wsnn.layers.kernel.StackKernel} (the
 * dense product K = W · S with a representation stack and its adjoint),
 * {@link org.wsnn.layers.kernel.SparseStack} (the same product for a fixed group's sparse stack),
 * {@link org.wsnn.layers.kernel.FilterPass} (the filters of one forward pass and their way back to the
 * parameters) and {@link org.wsnn.layers.kernel.FilterPasses} (which pass a layer needs).
 */
package org.wsnn.layers.kernel;
