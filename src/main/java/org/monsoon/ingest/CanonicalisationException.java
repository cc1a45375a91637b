package org.monsoon.ingest;

/** An indicator value that has no canonical form; the message says why. */
public class CanonicalisationException extends Exception {
    public CanonicalisationException(String message) {
        super(message);
    }
}
