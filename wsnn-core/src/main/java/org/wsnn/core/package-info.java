/**
 * The mathematics of learnable weight sharing, independent of any layer API: log-domain
 * {@link org.wsnn.core.sinkhorn.Sinkhorn} normalisation, the norm and entropy {@link org.wsnn.core.Penalties}
 * with their exact gradients, and one validation path ({@link org.wsnn.core.Checks}).
 *
 * <p>Dependency direction: {@code wsnn-core} ← {@code wsnn-layers} ← {@code wsnn-zoo} ←
 * {@code wsnn-examples}.
 */
package org.wsnn.core;
