package dev.tokenpose.kafka.produce;

import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends frame records that are already built to the frames topic, keyed by stream id: for
 * benchmarks and tests that make their own frames ({@link FrameProducer} reads video sources).
 * Records may also be sent as raw bytes, for those meant to be rejected. Thread-safe.
 */
public final class FrameSender implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private FrameSender(KafkaProducer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * A sender with its own Kafka producer, configured as {@link FrameProducer}'s but sending each
     * record at once: callers time frames from their capture.
     *
     * @param kafka the cluster
     * @param topic the frames topic
     * @return the sender; the caller closes it
     */
    public static FrameSender open(KafkaConnection kafka, String topic) {
        Properties p = FrameProducer.producerProperties(kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new FrameSender(new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()), topic);
    }

    /** Sends a frame, Avro-encoded with its schema fingerprint, keyed by its stream id. */
    public void send(VideoFrame frame) {
        sendRaw(frame.getStreamId(), AvroCodec.VIDEO_FRAME.encode(frame));
    }

    /**
     * Sends any bytes as a frames-topic record.
     *
     * @param key the record key (a stream id)
     * @param value the record value, whether a valid frame or not
     */
    public void sendRaw(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value), (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /**
     * Waits until every record sent so far is acknowledged.
     *
     * @throws IllegalStateException if Kafka refused a record
     */
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("Kafka did not accept frames on topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Sends what is still buffered and closes the Kafka producer. */
    @Override
    public void close() {
        producer.close(FrameProducer.CLOSE_TIMEOUT);
    }
}
