package dev.tokenpose.schema.codec;

import dev.tokenpose.schema.DeadLetterReason;

/** A record value that cannot be decoded, with the dead-letter reason that names why. */
public final class CodecException extends RuntimeException {

    private final DeadLetterReason reason;

    public CodecException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why decoding failed: NOT_AVRO, UNKNOWN_SCHEMA or UNDECODABLE_RECORD. */
    public DeadLetterReason reason() {
        return reason;
    }
}
