package dev.tokenpose.flink;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/** Builds dead-letter records. */
final class DeadLetters {

    /** Bytes of the offending value kept in a dead letter. */
    static final int PAYLOAD_HEAD = 256;

    private DeadLetters() {}

    static DeadLetter of(
            String topic,
            int partition,
            long offset,
            byte[] key,
            byte[] value,
            DeadLetterReason reason,
            String message) {
        byte[] head = value == null ? new byte[0] : Arrays.copyOf(value, Math.min(PAYLOAD_HEAD, value.length));
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setPartition(partition)
                .setOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setReason(reason)
                .setMessage(message)
                .setTime(now())
                .setPayloadHead(ByteBuffer.wrap(head))
                .build();
    }

    static Instant now() {
        Instant t = Instant.now();
        // timestamp-micros: keep the value exactly representable.
        return t.minusNanos(t.getNano() % 1000);
    }
}
