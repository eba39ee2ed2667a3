package dev.tokenpose.kafka.stats;

import dev.tokenpose.kafka.serde.AvroSerde;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import dev.tokenpose.schema.VideoFrame;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The analytics topology. Per stream, it sums frames in, pose records out and dead letters into
 * hopping windows (see {@link StatsSettings}) and writes each window, once final, to the stats
 * topic; it keeps the latest pose record, the latest window's stats and the recent frames of every
 * stream in stores that {@link StatsApp} reads for the dashboard.
 */
public final class StatsTopology {

    /** Store of the latest {@link PoseFrame} per stream id. */
    public static final String LATEST_POSES_STORE = "latest-poses";
    /** Store of the latest final {@link StreamStats} per stream id. */
    public static final String LATEST_STATS_STORE = "latest-stats";
    /** Store of recent {@link VideoFrame}s by stream id and sequence; see {@link FrameBuffer#key}. */
    public static final String RECENT_FRAMES_STORE = "recent-frames";
    /** The window aggregate's store. */
    public static final String WINDOWS_STORE = "stream-stats-windows";
    /** Name of the internal topic that brings each stream's records of the three topics together. */
    public static final String TALLIES_REPARTITION = "tallies";

    private StatsTopology() {}

    /**
     * The topology over {@code settings}' topics.
     *
     * @param settings topics and windows
     * @return the topology
     */
    public static Topology build(StatsSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, settings);
        return builder.build();
    }

    /**
     * Adds the topology to {@code builder}.
     *
     * @param builder the builder
     * @param settings topics and windows
     */
    public static void build(StreamsBuilder builder, StatsSettings settings) {
        Serde<String> keys = Serdes.String();
        Serde<PoseFrame> poseSerde = AvroSerde.poseFrames();
        Serde<StreamStats> statsSerde = AvroSerde.streamStats();
        Serde<Tally> tallies = new TallySerde();
        PipelineTimestamps clock = new PipelineTimestamps();

        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_POSES_STORE), keys, poseSerde));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_STATS_STORE), keys, statsSerde));
        // Frames are large and only shown while fresh: no changelog, a restart refills the buffer.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(RECENT_FRAMES_STORE), keys, AvroSerde.videoFrames())
                .withLoggingDisabled());

        // Records without a stream id cannot be attributed to a stream.
        KStream<String, VideoFrame> frames = builder.stream(
                        settings.topics().framesTopic(),
                        Consumed.with(keys, AvroSerde.videoFrames()).withTimestampExtractor(clock))
                .filter((stream, frame) -> stream != null && frame != null);
        KStream<String, PoseFrame> poses = builder.stream(
                        settings.topics().posesTopic(),
                        Consumed.with(keys, poseSerde).withTimestampExtractor(clock))
                .filter((stream, pose) -> stream != null && pose != null);
        KStream<String, DeadLetter> deadLetters = builder.stream(
                        settings.topics().deadLetterTopic(),
                        Consumed.with(keys, AvroSerde.deadLetters()).withTimestampExtractor(clock))
                .filter((stream, letter) -> stream != null && letter != null);

        frames.process(() -> new FrameBuffer(RECENT_FRAMES_STORE, settings.frameBufferSize()), RECENT_FRAMES_STORE);
        poses.process(() -> new KeepLatest<PoseFrame>(LATEST_POSES_STORE), LATEST_POSES_STORE);

        KStream<String, StreamStats> stats = frames.mapValues(frame -> Tally.frameIn())
                .merge(poses.mapValues(Tally::pose))
                .merge(deadLetters.mapValues(letter -> Tally.deadLetter()))
                // The topics have different partition counts, so a stream's records are in different
                // tasks until this topic puts them in one.
                .repartition(Repartitioned.with(keys, tallies).withName(TALLIES_REPARTITION))
                .groupByKey(Grouped.with(keys, tallies))
                .windowedBy(TimeWindows.ofSizeAndGrace(settings.window(), settings.grace())
                        .advanceBy(settings.advance()))
                .emitStrategy(EmitStrategy.onWindowClose())
                .aggregate(
                        () -> Tally.EMPTY,
                        (stream, one, sum) -> sum.plus(one),
                        Materialized.<String, Tally, WindowStore<Bytes, byte[]>>as(WINDOWS_STORE)
                                .withKeySerde(keys)
                                .withValueSerde(tallies))
                .toStream()
                .map((window, sum) -> KeyValue.pair(
                        window.key(),
                        sum.toStats(
                                window.key(),
                                window.window().startTime(),
                                window.window().endTime())));
        stats.to(settings.statsTopic(), Produced.with(keys, statsSerde));
        stats.process(() -> new KeepLatest<StreamStats>(LATEST_STATS_STORE), LATEST_STATS_STORE);
    }
}
