/**
 * Model zoo: the paper's architectures as DL4J {@link org.deeplearning4j.zoo.ZooModel}s whose builder
 * defaults are the paper's configurations. Architectures are versioned, not edited: a published
 * architecture keeps its parameter count (asserted by the tests).
 */
package org.wsnn.zoo;
