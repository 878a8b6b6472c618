/** {@code wsnn eval}: evaluates a saved model on transformed test images. */
package org.wsnn.examples.evaluate;
