package dev.tokenpose.kafka.dashboard;

import dev.tokenpose.kafka.stats.StatsSettings;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.time.Duration;
import java.util.Objects;

/**
 * How the dashboard runs: the cluster and analytics it reads, where it listens, and how it pushes.
 *
 * @param kafka the Kafka cluster
 * @param bind the address the web server listens on
 * @param port the web server's port, 0 for a free one
 * @param token the access token every request must carry, or null for none
 * @param applicationId the analytics app's id (consumer group, prefix of its internal topics)
 * @param fromBeginning whether a new application id reads the topics from their oldest records
 * @param stats the analytics' topics and windows
 * @param maxUpdatesPerSecond most pushes per second to each page
 * @param thumbnailWidth width the frames are downscaled to (never up)
 * @param staleAfter how long a stream without a new pose record stays on the page
 * @param createTopics create missing topics; otherwise wait for someone else (a topic operator) to create them
 */
public record DashboardOptions(
        KafkaConnection kafka,
        String bind,
        int port,
        String token,
        String applicationId,
        boolean fromBeginning,
        StatsSettings stats,
        double maxUpdatesPerSecond,
        int thumbnailWidth,
        Duration staleAfter,
        boolean createTopics) {

    /** Default address: this machine only, as the page shows camera images. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** Default port. */
    public static final int DEFAULT_PORT = 8088;
    /** Default application id. */
    public static final String DEFAULT_APPLICATION_ID = "tokenpose-dashboard";
    /** Default push rate: 5 a second, smooth enough to watch, light on the browser. */
    public static final double DEFAULT_MAX_UPDATES_PER_SECOND = 5;
    /** Default thumbnail width in pixels. */
    public static final int DEFAULT_THUMBNAIL_WIDTH = 480;
    /** Default time a silent stream stays on the page. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(30);

    /** Checks the values. */
    public DashboardOptions {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(bind, "bind address");
        Objects.requireNonNull(applicationId, "application id");
        Objects.requireNonNull(stats, "stats settings");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
        }
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("the access token is blank; leave it out for none");
        }
        if (!(maxUpdatesPerSecond > 0 && maxUpdatesPerSecond <= 60)) {
            throw new IllegalArgumentException("updates per second must be in (0, 60]: " + maxUpdatesPerSecond);
        }
        if (thumbnailWidth < 16) {
            throw new IllegalArgumentException("thumbnail width must be at least 16: " + thumbnailWidth);
        }
        if (staleAfter == null || staleAfter.isZero() || staleAfter.isNegative()) {
            throw new IllegalArgumentException("stale-after must be positive: " + staleAfter);
        }
    }

    /**
     * The defaults named above against {@code kafka}, reading new records only.
     *
     * @param kafka the Kafka cluster
     * @return the options
     */
    public static DashboardOptions defaults(KafkaConnection kafka) {
        return new DashboardOptions(
                kafka,
                DEFAULT_BIND,
                DEFAULT_PORT,
                null,
                DEFAULT_APPLICATION_ID,
                false,
                StatsSettings.DEFAULTS,
                DEFAULT_MAX_UPDATES_PER_SECOND,
                DEFAULT_THUMBNAIL_WIDTH,
                DEFAULT_STALE_AFTER,
                true);
    }

    /** These options listening elsewhere, with another token (null for none). */
    public DashboardOptions withServer(String newBind, int newPort, String newToken) {
        return new DashboardOptions(
                kafka,
                newBind,
                newPort,
                newToken,
                applicationId,
                fromBeginning,
                stats,
                maxUpdatesPerSecond,
                thumbnailWidth,
                staleAfter,
                createTopics);
    }

    /** These options as another application, reading from the oldest records or new ones only. */
    public DashboardOptions withApplication(String newApplicationId, boolean newFromBeginning) {
        return new DashboardOptions(
                kafka,
                bind,
                port,
                token,
                newApplicationId,
                newFromBeginning,
                stats,
                maxUpdatesPerSecond,
                thumbnailWidth,
                staleAfter,
                createTopics);
    }

    /** These options with other analytics settings. */
    public DashboardOptions withStats(StatsSettings newStats) {
        return new DashboardOptions(
                kafka,
                bind,
                port,
                token,
                applicationId,
                fromBeginning,
                newStats,
                maxUpdatesPerSecond,
                thumbnailWidth,
                staleAfter,
                createTopics);
    }

    /** These options pushing at another rate. */
    public DashboardOptions withMaxUpdatesPerSecond(double rate) {
        return new DashboardOptions(
                kafka,
                bind,
                port,
                token,
                applicationId,
                fromBeginning,
                stats,
                rate,
                thumbnailWidth,
                staleAfter,
                createTopics);
    }

    /** These options keeping silent streams for another time. */
    public DashboardOptions withStaleAfter(Duration newStaleAfter) {
        return new DashboardOptions(
                kafka,
                bind,
                port,
                token,
                applicationId,
                fromBeginning,
                stats,
                maxUpdatesPerSecond,
                thumbnailWidth,
                newStaleAfter,
                createTopics);
    }

    /** These options creating missing topics, or waiting for them. */
    public DashboardOptions withCreateTopics(boolean create) {
        return new DashboardOptions(
                kafka,
                bind,
                port,
                token,
                applicationId,
                fromBeginning,
                stats,
                maxUpdatesPerSecond,
                thumbnailWidth,
                staleAfter,
                create);
    }
}
