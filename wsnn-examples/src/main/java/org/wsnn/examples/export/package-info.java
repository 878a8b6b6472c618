/** {@code wsnn export}: turns a weight-sharing model into plain convolutions and checks the outputs agree. */
package org.wsnn.examples.export;
