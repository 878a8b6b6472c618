/** Benchmarks: medians after warm-up and peak memory, never asserted in tests. */
package org.wsnn.examples.bench;
