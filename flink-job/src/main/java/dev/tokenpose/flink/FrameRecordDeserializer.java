package dev.tokenpose.flink;

import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.schema.codec.CodecException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads records of the frames topic without ever failing: a record that is not a valid
 * {@code VideoFrame} becomes a dead letter naming the reason, so one bad producer cannot stop the
 * job or make it restart in a loop.
 */
public final class FrameRecordDeserializer implements KafkaRecordDeserializationSchema<FrameRecord> {

    private static final long serialVersionUID = 1L;

    private final FrameLimits limits;

    /** @param limits what a frame may ask of the job; frames beyond them become dead letters */
    public FrameRecordDeserializer(FrameLimits limits) {
        this.limits = limits;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<FrameRecord> out) {
        long ingest = record.timestamp() * 1000;
        VideoFrame frame;
        try {
            frame = AvroCodec.VIDEO_FRAME.decode(record.value());
        } catch (CodecException e) {
            out.collect(dead(record, e.reason(), e.getMessage(), ingest));
            return;
        }
        String problem = FrameValidation.problem(frame, limits);
        if (problem != null) {
            out.collect(dead(record, DeadLetterReason.INVALID_FRAME, problem, ingest));
            return;
        }
        out.collect(FrameRecord.of(frame, record.topic(), record.partition(), record.offset(), ingest));
    }

    private static FrameRecord dead(
            ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, String message, long ingest) {
        return FrameRecord.dead(
                DeadLetters.of(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        record.value(),
                        reason,
                        message),
                ingest);
    }

    @Override
    public TypeInformation<FrameRecord> getProducedType() {
        return TypeInformation.of(FrameRecord.class);
    }
}
