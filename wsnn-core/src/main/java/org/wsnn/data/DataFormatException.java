package org.wsnn.data;

import java.io.File;
import java.io.IOException;

/**
 * A data file exists but its content is not what its format requires: wrong magic number, truncated
 * payload, image and label counts that disagree, a CIFAR file whose size is not a whole number of
 * records. The message names the file, what was expected and what was found.
 */
public class DataFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final File file;

    /**
     * @param file   the offending file
     * @param detail what was expected and what was found
     */
    public DataFormatException(File file, String detail) {
        super(file + ": " + detail);
        this.file = file;
    }

    /** @return the offending file */
    public File getFile() {
        return file;
    }
}
