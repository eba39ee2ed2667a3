package dev.tokenpose.kafka;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.dashboard.Dashboard;
import dev.tokenpose.kafka.dashboard.DashboardOptions;
import dev.tokenpose.kafka.stats.StatsSettings;
import dev.tokenpose.schema.codec.Topic;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dashboard}: runs the stream analytics and the live web dashboard until interrupted. */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the stream analytics (Kafka Streams, exactly once) over the frames, poses and dead-letter topics,",
            "writes per-stream window stats to the stats topic, and serves a live page of every stream:",
            "latest frame with skeletons, model, fps, persons, tracks, latency percentiles. Prints its URL; runs until Ctrl-C."
        })
final class DashboardCommand implements Callable<Integer> {

    /** Environment variable holding the access token, which keeps it out of process listings. */
    static final String TOKEN_ENV = "TOKENPOSE_DASHBOARD_TOKEN";

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOption cluster;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + DashboardOptions.DEFAULT_PORT,
            description = "Web server port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = DashboardOptions.DEFAULT_BIND,
            description =
                    "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "Access token every request must carry (?token= or Authorization: Bearer); also read from "
                    + TOKEN_ENV + " (default: none).")
    String token;

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            defaultValue = DashboardOptions.DEFAULT_APPLICATION_ID,
            description =
                    "Kafka Streams application id: consumer group and internal topic prefix (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(
            names = "--from-beginning",
            description = "A new application id starts at the oldest records (default: only records from now on).")
    boolean fromBeginning;

    @Mixin
    TopicNameOptions topics;

    @Option(
            names = "--stats-topic",
            paramLabel = "NAME",
            defaultValue = Topic.STATS_NAME,
            description = "Topic the window stats are written to (default: ${DEFAULT-VALUE}).")
    String statsTopic;

    @Option(
            names = "--window",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "5s",
            description = "Stats window length (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(
            names = "--advance",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "1s",
            description =
                    "How far windows start apart; equal to --window for tumbling windows (default: ${DEFAULT-VALUE}).")
    Duration advance;

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "2s",
            description = "How long a window waits for late records before it is final (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(
            names = "--max-updates-per-second",
            paramLabel = "N",
            defaultValue = "" + DashboardOptions.DEFAULT_MAX_UPDATES_PER_SECOND,
            description = "Most pushes per second to each page (default: ${DEFAULT-VALUE}).")
    double maxUpdatesPerSecond;

    @Option(
            names = "--no-create-topics",
            description = "Wait for the topics to be created elsewhere (e.g. by a topic operator) instead of creating"
                    + " missing ones.")
    boolean noCreateTopics;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        String accessToken = token != null ? token : System.getenv(TOKEN_ENV);
        DashboardOptions options;
        try {
            StatsSettings stats = StatsSettings.DEFAULTS
                    .withTopics(
                            TopicSettings.DEFAULTS.withTopics(
                                    topics.framesTopic, topics.posesTopic, topics.deadLetterTopic),
                            statsTopic)
                    .withWindows(window, advance, grace);
            options = DashboardOptions.defaults(cluster.connection())
                    .withServer(bind, port, accessToken == null || accessToken.isEmpty() ? null : accessToken)
                    .withApplication(applicationId, fromBeginning)
                    .withStats(stats)
                    .withMaxUpdatesPerSecond(maxUpdatesPerSecond)
                    .withCreateTopics(!noCreateTopics);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Dashboard dashboard = Dashboard.start(options);
        Thread hook = new Thread(
                () -> {
                    dashboard.close();
                    stopped.countDown();
                },
                "dashboard-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(dashboard.url());
        out.flush();
        spec.commandLine()
                .getErr()
                .println("dashboard on " + dashboard.url() + ", stats to " + statsTopic + " (Ctrl-C stops it)");
        spec.commandLine().getErr().flush();
        stopped.await();
        return 0;
    }
}
