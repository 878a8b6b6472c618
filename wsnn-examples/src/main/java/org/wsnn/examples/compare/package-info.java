/** {@code wsnn compare}: CNN, GCNN and WSCNN trained on the same data and budget, as a table like the paper's Table 1. */
package org.wsnn.examples.compare;
