/** {@code wsnn inspect}: parameter counts and the learned representation stacks of a saved model. */
package org.wsnn.examples.inspect;
