package dev.tokenpose.kafka.stats;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running analytics app: {@link StatsTopology} in a {@link KafkaStreams} instance with
 * exactly-once processing, and interactive queries of its stores. One instance per application id
 * sees every stream; instances sharing an id split the streams between them.
 */
public final class StatsApp implements AutoCloseable {

    /** How long the app waits for topics it must not create. */
    public static final Duration TOPIC_WAIT = Duration.ofMinutes(5);

    /** Default application id, which is also the consumer group and the prefix of internal topics. */
    public static final String DEFAULT_APPLICATION_ID = "tokenpose-stats";
    /** Longest wait for the app to stop on close. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Longest open transaction before the broker aborts it. */
    public static final int TRANSACTION_TIMEOUT_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(StatsApp.class);

    private final KafkaStreams streams;
    private final StatsSettings settings;

    private StatsApp(KafkaStreams streams, StatsSettings settings) {
        this.streams = streams;
        this.settings = settings;
    }

    /**
     * The app's Kafka Streams configuration.
     *
     * @param kafka the Kafka cluster
     * @param applicationId the application id
     * @param stateDir where the local stores live
     * @param fromEarliest whether a new application id starts at the oldest records rather than at new ones
     * @return the configuration
     */
    public static Properties config(KafkaConnection kafka, String applicationId, Path stateDir, boolean fromEarliest) {
        // Streams hands the connection settings (TLS, SASL) to each of its clients.
        Properties p = kafka.clientProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Exactly-once implies it; stated because aborted pose transactions must never be counted.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        p.put(
                StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG),
                fromEarliest ? "earliest" : "latest");
        // Streams' 10 s default fences the app whenever a busy machine stalls it that long, and a fenced
        // task loses its frame buffer, which has no changelog.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), TRANSACTION_TIMEOUT_MS);
        // Undecodable values are the pose job's dead letters already; here they must not stop the numbers.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        return p;
    }

    /**
     * Creates the stats topic (and the pipeline's topics) where missing, and starts the app.
     *
     * @param config the configuration, see {@link #config}
     * @param settings topics and windows
     * @return the app, starting; see {@link #awaitRunning}
     */
    public static StatsApp start(Properties config, StatsSettings settings) {
        return start(config, settings, true);
    }

    /**
     * Starts the app once its topics exist.
     *
     * @param config the configuration, see {@link #config}
     * @param settings topics and windows
     * @param createTopics create missing topics; otherwise wait up to {@link #TOPIC_WAIT} for someone
     *     else (a topic operator) to create them
     * @return the app, starting; see {@link #awaitRunning}
     * @throws Topics.AdminException if a topic is missing and not created in time
     */
    public static StatsApp start(Properties config, StatsSettings settings, boolean createTopics) {
        try (Admin admin = Topics.admin(KafkaConnection.from(config))) {
            if (createTopics) {
                Topics.ensure(admin, settings.topics());
                Topics.ensure(admin, List.of(Topics.outputTopic(settings.statsTopic(), settings.topics())));
            } else {
                TopicSettings t = settings.topics();
                Topics.awaitExisting(
                        admin,
                        List.of(t.framesTopic(), t.posesTopic(), t.deadLetterTopic(), settings.statsTopic()),
                        TOPIC_WAIT);
            }
        }
        KafkaStreams streams = new KafkaStreams(StatsTopology.build(settings), config);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream analytics failed; stopping", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        StatsApp app = new StatsApp(streams, settings);
        streams.start();
        return app;
    }

    /** The app's settings. */
    public StatsSettings settings() {
        return settings;
    }

    /** The Kafka Streams state: REBALANCING while starting, RUNNING, ERROR after a failure. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Waits until the app is running.
     *
     * @param timeout the longest wait
     * @throws TimeoutException if it is not running by then
     * @throws IllegalStateException if it failed or stopped instead
     */
    public void awaitRunning(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR || !s.isRunningOrRebalancing()) {
                throw new IllegalStateException("stream analytics " + s + " instead of running");
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("stream analytics not running after " + timeout + " (" + s + ")");
            }
            Thread.sleep(50);
        }
    }

    /** The latest pose record of every stream this instance holds, by stream id; empty while not queryable. */
    public Map<String, PoseFrame> latestPoses() {
        return all(StatsTopology.LATEST_POSES_STORE);
    }

    /** The latest final window stats of every stream this instance holds, by stream id. */
    public Map<String, StreamStats> latestStats() {
        return all(StatsTopology.LATEST_STATS_STORE);
    }

    /** The latest pose record of one stream. */
    public Optional<PoseFrame> latestPose(String streamId) {
        return get(StatsTopology.LATEST_POSES_STORE, streamId);
    }

    /** The latest final window stats of one stream. */
    public Optional<StreamStats> latestStats(String streamId) {
        return get(StatsTopology.LATEST_STATS_STORE, streamId);
    }

    /** One frame of a stream, if it is still in the frame buffer. */
    public Optional<VideoFrame> frame(String streamId, long sequence) {
        return get(StatsTopology.RECENT_FRAMES_STORE, FrameBuffer.key(streamId, sequence));
    }

    private <V> Optional<V> get(String storeName, String key) {
        ReadOnlyKeyValueStore<String, V> store = store(storeName);
        try {
            return store == null ? Optional.empty() : Optional.ofNullable(store.get(key));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    private <V> Map<String, V> all(String storeName) {
        ReadOnlyKeyValueStore<String, V> store = store(storeName);
        Map<String, V> out = new LinkedHashMap<>();
        if (store == null) {
            return out;
        }
        try (KeyValueIterator<String, V> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                out.put(kv.key, kv.value);
            }
        } catch (InvalidStateStoreException e) {
            // Migrating during a rebalance: the next query sees the stores again.
            return new LinkedHashMap<>();
        }
        return out;
    }

    /** The store, or null while it cannot be queried (starting, rebalancing). */
    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return null;
        }
        try {
            return streams.store(
                    StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    /** Stops the app and waits for it, up to {@link #CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
    }
}
