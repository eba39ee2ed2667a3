package dev.tokenpose.kafka.produce;

import dev.tokenpose.kafka.serde.AvroSerializer;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes video sources to the frames topic as JPEG {@link VideoFrame}s keyed by stream id,
 * with sequences from 0 and the wall-clock capture time. One stream is read by one thread; several
 * streams share one idempotent Kafka producer. Thread-safe.
 */
public final class FrameProducer implements AutoCloseable {

    /** Largest request the producer sends: 16 MiB, so large frames are not refused client-side. */
    public static final int MAX_REQUEST_BYTES = 16 << 20;
    /** Frame rate assumed for files that do not state a usable one. */
    public static final double FALLBACK_FRAME_RATE = 25.0;
    /** Longest wait on close for frames still in flight. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(FrameProducer.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Producer<String, VideoFrame> producer;
    private final String topic;
    private final ProduceOptions options;
    private volatile boolean stopped;

    /**
     * A frame producer sending through {@code producer}, which it closes on {@link #close()}.
     *
     * @param producer a producer with String keys and {@code VideoFrame} values
     * @param topic the frames topic
     * @param options reading and encoding options
     */
    public FrameProducer(Producer<String, VideoFrame> producer, String topic, ProduceOptions options) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * A frame producer with its own idempotent Kafka producer.
     *
     * @param kafka the cluster
     * @param topic the frames topic
     * @param options reading and encoding options
     * @return the producer; the caller closes it
     */
    public static FrameProducer create(KafkaConnection kafka, String topic, ProduceOptions options) {
        KafkaProducer<String, VideoFrame> producer =
                new KafkaProducer<>(producerProperties(kafka), new StringSerializer(), AvroSerializer.videoFrames());
        return new FrameProducer(producer, topic, options);
    }

    /**
     * The producer configuration used by {@link #create}: idempotent, acknowledged by all in-sync
     * replicas, one request in flight, uncompressed (JPEG does not compress further), large
     * requests and batches allowed.
     *
     * @param kafka the cluster
     * @return a new, modifiable configuration
     */
    public static Properties producerProperties(KafkaConnection kafka) {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "tokenpose-frames-" + CLIENTS.incrementAndGet());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // One request in flight per broker: a partition's next batch waits for the previous one, so a
        // first batch refused by a leader that is still starting cannot be overtaken by the second.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // Frames are 50-500 kB: room for several per partition and request makes up for the above.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 2 << 20);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * MAX_REQUEST_BYTES);
        return p;
    }

    /**
     * Publishes one source as one stream, in the calling thread, until the source ends (or, when
     * looping, until the frame limit), and waits until Kafka has acknowledged every frame.
     *
     * @param source where the frames come from
     * @param streamId the stream's id
     * @return the number of frames published
     * @throws IOException when the source cannot be opened or read, or Kafka refuses a frame
     * @throws InterruptedException when interrupted while pacing
     */
    public long publish(FrameSource source, String streamId) throws IOException, InterruptedException {
        return publish(new VideoStream(source, streamId));
    }

    /**
     * Publishes one stream in the calling thread; see {@link #publish(FrameSource, String)}.
     *
     * @param stream the source and its stream id
     * @return the number of frames published
     */
    public long publish(VideoStream stream) throws IOException, InterruptedException {
        FrameSource source = stream.source();
        String streamId = stream.streamId();
        long limit = options.maxFrames() == ProduceOptions.NO_LIMIT ? Long.MAX_VALUE : options.maxFrames();
        boolean looping = options.loop() && !source.isLive();
        FrameEncoder encoder = options.encoder();
        AtomicReference<Exception> failure = new AtomicReference<>();
        ProgressDisplay progress = null;
        long sent = 0;
        long firstFrameNanos = 0;
        try {
            while (sent < limit && !stopped) {
                long passFrames = 0;
                try (FrameGrabber grabber = source.grabber()) {
                    grabber.start();
                    double fps = frameRate(grabber);
                    if (progress == null) {
                        progress = ProgressDisplay.open(
                                options.progress() && !source.isLive(),
                                streamId,
                                expectedFrames(grabber, looping, limit));
                    }
                    boolean paced = options.pacing() == Pacing.REALTIME && !source.isLive();
                    Frame frame;
                    while (sent < limit && !stopped && failure.get() == null && (frame = nextImage(grabber)) != null) {
                        if (sent == 0) {
                            firstFrameNanos = System.nanoTime();
                        } else if (paced) {
                            sleepUntil(firstFrameNanos + (long) (sent * 1e9 / fps));
                        }
                        Instant captured = Instant.now();
                        VideoFrame record =
                                encoder.encode(frame, streamId, sent, captured, metadata(source, passFrames, fps));
                        producer.send(new ProducerRecord<>(topic, streamId, record), (meta, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                        sent++;
                        passFrames++;
                        progress.step();
                    }
                    grabber.stop();
                }
                if (!looping || failure.get() != null) {
                    break;
                }
                if (passFrames == 0) {
                    throw new IOException("no frames could be read from " + source);
                }
            }
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IOException(
                    "Kafka did not accept frames of stream " + streamId + " on topic " + topic + ": " + e.getMessage(),
                    e);
        }
        if (sent == 0 && !stopped) {
            throw new IOException("no frames could be read from " + source);
        }
        return sent;
    }

    /**
     * Publishes several streams at once, one thread each, and waits for all of them. A stream that
     * fails does not stop the others; the first failure is thrown once all have ended, with the
     * others attached as suppressed exceptions.
     *
     * @param streams the streams; their ids must differ
     * @return frames published per stream id, in the order given
     * @throws IOException the first stream failure
     * @throws InterruptedException when interrupted while waiting; the streams are stopped
     */
    public Map<String, Long> publishAll(List<VideoStream> streams) throws IOException, InterruptedException {
        Set<String> ids = new HashSet<>();
        for (VideoStream s : streams) {
            if (!ids.add(s.streamId())) {
                throw new IllegalArgumentException("stream id " + s.streamId() + " is used twice");
            }
        }
        if (streams.isEmpty()) {
            return Map.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(streams.size(), r -> {
            Thread t = new Thread(r, "frames");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (VideoStream s : streams) {
                futures.add(pool.submit(() -> {
                    Thread.currentThread().setName("frames-" + s.streamId());
                    try {
                        return publish(s);
                    } catch (IOException | RuntimeException e) {
                        // Reported at once: with live sources the others may run for a long time yet.
                        LOG.error("stream {} failed: {}", s.streamId(), e.getMessage());
                        throw e;
                    }
                }));
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            Throwable first = null;
            for (int i = 0; i < streams.size(); i++) {
                try {
                    counts.put(streams.get(i).streamId(), futures.get(i).get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (first == null) {
                        first = cause;
                    } else {
                        first.addSuppressed(cause);
                    }
                }
            }
            if (first instanceof IOException io) {
                throw io;
            }
            if (first instanceof RuntimeException re) {
                throw re;
            }
            if (first instanceof InterruptedException ie) {
                throw ie;
            }
            if (first != null) {
                throw new IOException(first.getMessage(), first);
            }
            return counts;
        } catch (InterruptedException e) {
            stop();
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Asks every stream to end after its current frame; {@code publish} calls then return normally. */
    public void stop() {
        stopped = true;
    }

    /** Sends what is still buffered and closes the Kafka producer. */
    @Override
    public void close() {
        stop();
        producer.close(CLOSE_TIMEOUT);
    }

    /** The frames a file pass will deliver, for the progress bar; -1 when unknown. */
    private static long expectedFrames(FrameGrabber grabber, boolean looping, long limit) {
        if (looping) {
            return limit == Long.MAX_VALUE ? -1 : limit;
        }
        int length = grabber.getLengthInFrames();
        return length > 0 ? Math.min(length, limit) : -1;
    }

    /** The next video frame, skipping audio; null at the end of the source. */
    private static Frame nextImage(FrameGrabber grabber) throws FrameGrabber.Exception {
        if (grabber instanceof FFmpegFrameGrabber ffmpeg) {
            return ffmpeg.grabImage();
        }
        Frame frame;
        do {
            frame = grabber.grab();
        } while (frame != null && frame.image == null);
        return frame;
    }

    private static double frameRate(FrameGrabber grabber) {
        double fps = grabber.getFrameRate();
        return fps > 0 && fps < 1000 ? fps : FALLBACK_FRAME_RATE;
    }

    private static Map<String, String> metadata(FrameSource source, long sourceFrame, double fps) {
        return Map.of(
                "source", source.location(),
                "sourceKind", source.kind().name().toLowerCase(Locale.ROOT),
                "sourceFrame", Long.toString(sourceFrame),
                "frameRate", String.format(Locale.ROOT, "%.3f", fps));
    }

    private static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long wait = deadlineNanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
