/** The {@code wsnn} command line ({@link org.wsnn.examples.WsnnCommand}) and its subcommands. */
package org.wsnn.examples;
