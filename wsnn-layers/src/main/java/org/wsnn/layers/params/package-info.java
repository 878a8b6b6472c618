/**
 * How the parameters of the wsnn layers are laid out and initialised: every layer with parameters lists
 * its parameter shapes ({@link org.wsnn.layers.params.ShapedParameters}) and one
 * {@link org.wsnn.layers.params.ShapedParamInitializer} turns them into DL4J's views of the network's flat
 * parameter and gradient arrays; {@link org.wsnn.layers.params.UniformFanInInit} is PyTorch's default
 * initialisation as a DL4J {@code IWeightInit}.
 */
package org.wsnn.layers.params;
