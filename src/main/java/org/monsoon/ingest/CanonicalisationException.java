package org.monsoon.ingest;

/** An indicator value that has no canonical form; the message says why. */
public class CanonicalisationException extends Exception {
    private static final long serialVersionUID = 1L;

    public CanonicalisationException(String message) {
        super(message);
    }
}
