package dev.tokenpose.kafka.consume;

import java.time.Duration;

/**
 * How a {@link RecordReader} reads a topic.
 *
 * @param groupId the consumer group, or null to read every partition without a group (no offsets kept)
 * @param fromBeginning without a group (or with a group that has no offsets): start at the oldest
 *     record rather than at the end
 * @param maxRecords stop after this many records, or {@link #NO_LIMIT}
 * @param idleTimeout stop when no record arrived for this long, or null to wait for good
 */
public record ConsumeOptions(String groupId, boolean fromBeginning, long maxRecords, Duration idleTimeout) {

    /** A {@code maxRecords} of 0 sets no limit. */
    public static final long NO_LIMIT = 0;

    /** No group, from the beginning, no limit, waiting for good. */
    public static final ConsumeOptions DEFAULTS = new ConsumeOptions(null, true, NO_LIMIT, null);

    /** Checks the values. */
    public ConsumeOptions {
        if (maxRecords < 0) {
            throw new IllegalArgumentException("max records must not be negative");
        }
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
        if (groupId != null && groupId.isBlank()) {
            throw new IllegalArgumentException("empty group id");
        }
    }

    /** These options with another record limit. */
    public ConsumeOptions withMaxRecords(long n) {
        return new ConsumeOptions(groupId, fromBeginning, n, idleTimeout);
    }

    /** These options with another idle timeout. */
    public ConsumeOptions withIdleTimeout(Duration timeout) {
        return new ConsumeOptions(groupId, fromBeginning, maxRecords, timeout);
    }

    /** These options with a consumer group. */
    public ConsumeOptions withGroup(String group) {
        return new ConsumeOptions(group, fromBeginning, maxRecords, idleTimeout);
    }

    /** These options starting at the beginning or the end. */
    public ConsumeOptions withFromBeginning(boolean beginning) {
        return new ConsumeOptions(groupId, beginning, maxRecords, idleTimeout);
    }
}
