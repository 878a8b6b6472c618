package org.wsnn.onnx;

/**
 * A network holds something the ONNX export cannot express: the message names the vertex, what it is and
 * what the export supports, in one line.
 */
public class UnsupportedLayerException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param vertex   the DL4J vertex (layer) name
     * @param found    what it is, e.g. "a LSTM layer"
     * @param expected what the export supports there
     */
    public UnsupportedLayerException(String vertex, String found, String expected) {
        super("cannot export vertex '" + vertex + "' to ONNX: found " + found + ", expected " + expected);
    }
}
