/**
 * Runtime (non-configuration) side of the wsnn layers: the DL4J {@code Layer} implementation that the
 * configurations instantiate, with the corrections DL4J 1.0.0-M2.1's SameDiff layers need.
 */
package org.wsnn.layers.runtime;
