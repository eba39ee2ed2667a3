package dev.tokenpose.flink;

import java.io.Serializable;

/**
 * What one frame may ask of the job: bounded, so that one producer cannot hold up every stream
 * behind it (a thousand boxes are a thousand model crops) or fill a task manager's memory.
 *
 * @param maxPayloadBytes largest encoded image accepted
 * @param maxPersons most producer boxes in one frame; the detector keeps at most this many too
 */
public record FrameLimits(int maxPayloadBytes, int maxPersons) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** 16 MiB: a 16K JPEG at high quality, or raw BGR up to about 2300×2300. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 << 20;

    /** More than a crowded street scene holds at the sizes the model sees. */
    public static final int DEFAULT_MAX_PERSONS = 32;

    /** The defaults above. */
    public static final FrameLimits DEFAULTS = new FrameLimits(DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_PERSONS);

    public FrameLimits {
        if (maxPayloadBytes < 1 || maxPersons < 1) {
            throw new IllegalArgumentException(
                    "frame limits must be positive, got " + maxPayloadBytes + " bytes and " + maxPersons + " persons");
        }
    }
}
