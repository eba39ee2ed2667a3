package dev.tokenpose.kafka.stats;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Puts every input record on the pipeline's clock, so that a window counts what the pipeline did
 * in it: a pose record when its inference finished, a dead letter when it was rejected, a frame
 * when it was appended to the frames topic (its Kafka timestamp). Pose records' own Kafka
 * timestamps are their capture times, which would count a lagging pipeline's output in the past.
 */
public final class PipelineTimestamps implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        if (value instanceof PoseFrame p) {
            return millis(p.getInferenceTime());
        }
        if (value instanceof DeadLetter d) {
            return millis(d.getTime());
        }
        // A record without a timestamp takes the partition's latest, rather than failing the app.
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }

    private static long millis(Instant t) {
        return t.toEpochMilli();
    }
}
