package dev.tokenpose.kafka.stats;

import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.Person;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one stream did in one window, in a form two of which add up: frame and pose counts, persons,
 * the track ids seen, the capture-to-pose latencies and dead letters. A single record is a tally of
 * one, so the window aggregate is a sum of tallies. Immutable.
 *
 * @param framesIn frames appended to the frames topic
 * @param framesOut pose records
 * @param persons persons over all pose records
 * @param maxPersons most persons in one pose record
 * @param trackIds distinct track ids, ascending
 * @param latenciesMs capture-to-pose latencies in milliseconds, at most {@link #MAX_LATENCY_SAMPLES}
 * @param deadLetters rejected frames
 * @param model the model of the latest pose record, or null
 * @param modelTime when that record's inference finished (epoch microseconds), or {@code Long.MIN_VALUE}
 */
public record Tally(
        long framesIn,
        long framesOut,
        long persons,
        int maxPersons,
        List<Long> trackIds,
        List<Double> latenciesMs,
        long deadLetters,
        ModelIdentity model,
        long modelTime) {

    /**
     * Latency samples kept per window: far above a window's worth of frames at camera rates, it
     * only bounds the state when a backlog floods one window; later samples are then not counted.
     */
    public static final int MAX_LATENCY_SAMPLES = 4096;

    /** The tally of nothing, the start of every window. */
    public static final Tally EMPTY = new Tally(0, 0, 0, 0, List.of(), List.of(), 0, null, Long.MIN_VALUE);

    /** Checks the values and freezes the lists. */
    public Tally {
        if (framesIn < 0 || framesOut < 0 || persons < 0 || maxPersons < 0 || deadLetters < 0) {
            throw new IllegalArgumentException("negative count in tally");
        }
        trackIds = List.copyOf(trackIds);
        latenciesMs = List.copyOf(latenciesMs);
    }

    /** One frame appended to the frames topic. */
    public static Tally frameIn() {
        return new Tally(1, 0, 0, 0, List.of(), List.of(), 0, null, Long.MIN_VALUE);
    }

    /** One rejected frame. */
    public static Tally deadLetter() {
        return new Tally(0, 0, 0, 0, List.of(), List.of(), 1, null, Long.MIN_VALUE);
    }

    /** One pose record: its persons, tracks, latency and model. */
    public static Tally pose(PoseFrame pose) {
        SortedSet<Long> tracks = new TreeSet<>();
        for (Person p : pose.getPersons()) {
            if (p.getTrackId() != null) {
                tracks.add(p.getTrackId());
            }
        }
        double latency =
                Duration.between(pose.getCaptureTime(), pose.getInferenceTime()).toNanos() / 1e6;
        int n = pose.getPersons().size();
        return new Tally(
                0,
                1,
                n,
                n,
                new ArrayList<>(tracks),
                List.of(latency),
                0,
                pose.getModel(),
                micros(pose.getInferenceTime()));
    }

    /** The sum of this tally and {@code other}; the model is the later one's. */
    public Tally plus(Tally other) {
        SortedSet<Long> tracks = new TreeSet<>(trackIds);
        tracks.addAll(other.trackIds);
        List<Double> latencies = new ArrayList<>(latenciesMs);
        for (Double l : other.latenciesMs) {
            if (latencies.size() >= MAX_LATENCY_SAMPLES) {
                break;
            }
            latencies.add(l);
        }
        boolean otherLater = other.model != null && other.modelTime >= modelTime;
        return new Tally(
                framesIn + other.framesIn,
                framesOut + other.framesOut,
                persons + other.persons,
                Math.max(maxPersons, other.maxPersons),
                new ArrayList<>(tracks),
                latencies,
                deadLetters + other.deadLetters,
                otherLater ? other.model : model,
                otherLater ? other.modelTime : modelTime);
    }

    /**
     * The statistics of this tally over a window.
     *
     * @param streamId the stream
     * @param start the window's start, inclusive
     * @param end the window's end, exclusive
     * @return the stats record
     */
    public StreamStats toStats(String streamId, Instant start, Instant end) {
        Objects.requireNonNull(streamId, "streamId");
        double seconds = Duration.between(start, end).toNanos() / 1e9;
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("empty window " + start + " .. " + end);
        }
        double[] sorted =
                latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long processed = framesOut + deadLetters;
        return StreamStats.newBuilder()
                .setStreamId(streamId)
                .setWindowStart(start)
                .setWindowEnd(end)
                .setFramesIn(framesIn)
                .setFramesOut(framesOut)
                .setFpsIn(framesIn / seconds)
                .setFpsOut(framesOut / seconds)
                .setPersonsPerFrame(framesOut == 0 ? 0 : (double) persons / framesOut)
                .setMaxPersons(maxPersons)
                .setActiveTracks(trackIds.size())
                .setLatencyP50Ms(percentile(sorted, 50))
                .setLatencyP95Ms(percentile(sorted, 95))
                .setLatencyMaxMs(sorted.length == 0 ? null : sorted[sorted.length - 1])
                .setDeadLetters(deadLetters)
                .setDeadLetterRate(processed == 0 ? 0 : (double) deadLetters / processed)
                .setModel(model)
                .build();
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code p} percent of the values
     * at or below it, so that it is always one of the measured latencies.
     *
     * @param sorted values in ascending order
     * @param p the percentile, in (0, 100]
     * @return the value, or null when there are none
     */
    static Double percentile(double[] sorted, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    @Override
    public String toString() {
        return "Tally[in=" + framesIn + ", out=" + framesOut + ", persons=" + persons + ", tracks=" + trackIds
                + ", latencies=" + Arrays.toString(latenciesMs.toArray()) + ", dead=" + deadLetters + "]";
    }
}
