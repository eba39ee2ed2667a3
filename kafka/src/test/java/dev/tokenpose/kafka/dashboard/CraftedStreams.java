package dev.tokenpose.kafka.dashboard;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.serde.AvroSerializer;
import dev.tokenpose.kafka.stats.StatsSettings;
import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.Keypoint;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.Person;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Frames and pose records made up for dashboard tests, published straight to the topics as the
 * producer and the pose job would: a flat grey frame, and persons whose 17 keypoints sit at
 * known pixels. Each instance uses its own topics, so tests on the shared broker stay apart.
 */
final class CraftedStreams implements AutoCloseable {

    /** Frame size of every crafted frame. */
    static final int WIDTH = 640;

    static final int HEIGHT = 360;
    /** The frames' grey level, far from any track colour. */
    static final int GREY = 60;

    static final ModelIdentity TRAINED = new ModelIdentity("S-v1", "sha256:0123456789ab", true);
    static final ModelIdentity SEEDED = new ModelIdentity("S-v1", "seeded:1 (untrained placeholder)", false);

    final StatsSettings settings;
    private final KafkaProducer<String, VideoFrame> frames;
    private final KafkaProducer<String, PoseFrame> poses;
    private final byte[] jpeg;

    CraftedStreams(KafkaConnection kafka, Duration window, Duration advance, Duration grace) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        this.settings = new StatsSettings(
                TopicSettings.DEFAULTS
                        .withTopics("frames-" + run, "poses-" + run, "dead-" + run)
                        .withPartitions(2, 1),
                "stats-" + run,
                window,
                advance,
                grace,
                StatsSettings.DEFAULT_FRAME_BUFFER_SIZE);
        Properties config = kafka.clientProperties();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.frames = new KafkaProducer<>(config, new StringSerializer(), AvroSerializer.videoFrames());
        this.poses = new KafkaProducer<>(config, new StringSerializer(), AvroSerializer.poseFrames());
        this.jpeg = greyJpeg();
    }

    /** Publishes one frame, its Kafka timestamp (append time) {@code at}. */
    void frame(String stream, long sequence, Instant at) {
        VideoFrame f = VideoFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(sequence)
                .setCaptureTime(at)
                .setWidth(WIDTH)
                .setHeight(HEIGHT)
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(jpeg))
                .build();
        await(frames.send(new ProducerRecord<>(settings.topics().framesTopic(), null, at.toEpochMilli(), stream, f)));
    }

    /** Publishes one pose record; its Kafka timestamp is the capture time, as the pose job's. */
    PoseFrame pose(
            String stream,
            long sequence,
            Instant captured,
            Instant inferred,
            ModelIdentity model,
            List<Person> persons) {
        PoseFrame p = PoseFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(sequence)
                .setCaptureTime(captured)
                .setIngestTime(captured)
                .setInferenceTime(inferred)
                .setModel(model)
                .setWidth(WIDTH)
                .setHeight(HEIGHT)
                .setPersons(persons)
                .build();
        await(poses.send(
                new ProducerRecord<>(settings.topics().posesTopic(), null, captured.toEpochMilli(), stream, p)));
        return p;
    }

    /**
     * A person with 17 keypoints in a 4 × 5 grid anchored at ({@code left}, {@code top}), 40 pixels
     * apart, all with score 1 so that they are drawn opaque.
     */
    static Person person(Long track, float left, float top) {
        List<Keypoint> keypoints = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            keypoints.add(new Keypoint(left + 40 * (i % 4), top + 40 * (i / 4), 1f));
        }
        return Person.newBuilder()
                .setTrackId(track)
                .setBox(new Box(left - 10, top - 10, 140f, 180f, 1f))
                .setKeypoints(keypoints)
                .setScore(1f)
                .build();
    }

    private static byte[] greyJpeg() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(GREY, GREY, GREY));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.dispose();
        try {
            return ThumbnailsTest.encode(image, "jpeg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(java.util.concurrent.Future<?> sent) {
        try {
            sent.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing a crafted record failed", e);
        }
    }

    @Override
    public void close() {
        frames.close();
        poses.close();
    }
}
