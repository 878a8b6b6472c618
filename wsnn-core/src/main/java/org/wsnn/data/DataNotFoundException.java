package org.wsnn.data;

import java.io.FileNotFoundException;
import java.io.File;
import java.util.List;

/**
 * No data files were found where they were looked for. The message lists every folder that was searched,
 * why it did not qualify, and how to obtain the data.
 */
public class DataNotFoundException extends FileNotFoundException {

    private static final long serialVersionUID = 1L;

    private final List<File> searched;

    /**
     * @param message  full explanation (where it looked, what was missing, how to get the data)
     * @param searched the folders searched, in order
     */
    public DataNotFoundException(String message, List<File> searched) {
        super(message);
        this.searched = List.copyOf(searched);
    }

    /** @return the folders that were searched, in search order */
    public List<File> getSearched() {
        return searched;
    }
}
