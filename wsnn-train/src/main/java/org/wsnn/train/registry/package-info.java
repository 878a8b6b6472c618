/**
 * The named models and data a run is made of: {@link org.wsnn.train.registry.ModelChoice} (the zoo's
 * WSCNN, GCNN, CNN and ResNet families, built or configured without allocation),
 * {@link org.wsnn.train.registry.DataChoice} (the transformed-image presets), the check that a model fits
 * the data and the machine's memory ({@link org.wsnn.train.registry.MemoryEstimate}) and the one parser of
 * names ({@link org.wsnn.core.Choices}).
 */
package org.wsnn.train.registry;
