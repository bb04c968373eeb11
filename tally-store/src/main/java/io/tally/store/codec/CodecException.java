package io.tally.store.codec;

/** The one exception decoding throws: the input is truncated, oversized or not a valid encoding. */
public final class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }
}
