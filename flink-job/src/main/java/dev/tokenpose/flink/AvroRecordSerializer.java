package dev.tokenpose.flink;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes pose frames (keyed by stream id) or dead letters (keyed like their source record) in single-object encoding. */
public abstract class AvroRecordSerializer<T> implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {

    private static final long serialVersionUID = 1L;

    protected final String topic;

    protected AvroRecordSerializer(String topic) {
        this.topic = topic;
    }

    /** The target topic, which the sink's pooled transactions need to know. */
    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return Optional.of(new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
    }

    /** Serializer of the poses topic. */
    public static final class Poses extends AvroRecordSerializer<PoseFrame> {
        private static final long serialVersionUID = 1L;

        public Poses(String topic) {
            super(topic);
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(PoseFrame p, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(
                    topic,
                    null,
                    timestamp,
                    p.getStreamId().getBytes(StandardCharsets.UTF_8),
                    AvroCodec.POSE_FRAME.encode(p));
        }
    }

    /** Serializer of the dead-letter topic. */
    public static final class DeadLetters extends AvroRecordSerializer<DeadLetter> {
        private static final long serialVersionUID = 1L;

        public DeadLetters(String topic) {
            super(topic);
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
            byte[] key = d.getKey() == null ? null : FrameImages.bytes(d.getKey());
            return new ProducerRecord<>(topic, null, timestamp, key, AvroCodec.DEAD_LETTER.encode(d));
        }
    }
}
