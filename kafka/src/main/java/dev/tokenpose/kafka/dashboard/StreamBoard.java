package dev.tokenpose.kafka.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenpose.kafka.consume.PoseJson;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The streams on the page and what changed since the last look: a stream appears with its first
 * pose record, changes when a new one arrives, and leaves after {@code staleAfter} without one.
 * Each pose record is rendered (with its frame's thumbnail) once, however many pages watch.
 * Thread-safe.
 */
final class StreamBoard {

    private final Thumbnails thumbnails;
    private final long staleAfterMs;
    private final Map<String, Entry> entries = new TreeMap<>();
    private String state = "";

    /** One stream: its latest pose record as rendered, when it last changed, and its stats. */
    private static final class Entry {
        long sequence;
        long inferenceMicros;
        long changedAt;
        boolean visible;
        ObjectNode view;
        StreamStats stats;
    }

    StreamBoard(Thumbnails thumbnails, Duration staleAfter) {
        this.thumbnails = thumbnails;
        this.staleAfterMs = staleAfter.toMillis();
    }

    /**
     * Looks at the source and returns what changed, or null if nothing did.
     *
     * @param source the analytics app's stores
     * @param now the wall-clock time, epoch milliseconds
     * @return an update message: state, the visible stream ids, the changed poses and stats
     */
    synchronized ObjectNode refresh(StreamSource source, long now) {
        boolean changed = false;
        String newState = source.state();
        if (!newState.equals(state)) {
            state = newState;
            changed = true;
        }
        Map<String, PoseFrame> poses = source.latestPoses();
        Map<String, StreamStats> stats = source.latestStats();
        ObjectNode changedPoses = DashboardJson.MAPPER.createObjectNode();
        ObjectNode changedStats = DashboardJson.MAPPER.createObjectNode();
        // Gone from the store (another instance took the stream over): gone from the page.
        boolean dropped = entries.entrySet().removeIf(e -> !poses.containsKey(e.getKey()) && e.getValue().visible);
        entries.keySet().retainAll(poses.keySet());
        changed |= dropped;
        for (Map.Entry<String, PoseFrame> e : poses.entrySet()) {
            String id = e.getKey();
            PoseFrame pose = e.getValue();
            long inference = micros(pose);
            Entry entry = entries.get(id);
            if (entry == null) {
                entry = new Entry();
                entries.put(id, entry);
                // First sight, e.g. restored state after a restart: the record's own time says whether it is news.
                entry.changedAt = inference / 1000;
                entry.sequence = Long.MIN_VALUE;
            }
            if (entry.sequence != pose.getSequence() || entry.inferenceMicros != inference) {
                if (entry.sequence != Long.MIN_VALUE) {
                    entry.changedAt = now;
                }
                entry.sequence = pose.getSequence();
                entry.inferenceMicros = inference;
                entry.view = null;
            }
            boolean visible = now - entry.changedAt <= staleAfterMs;
            if (visible != entry.visible) {
                entry.visible = visible;
                changed = true;
            }
            if (!visible) {
                continue;
            }
            if (entry.view == null) {
                entry.view = render(source, pose);
                changedPoses.set(id, entry.view);
                changed = true;
            }
            StreamStats s = stats.get(id);
            if (s != null && !s.equals(entry.stats)) {
                entry.stats = s;
                changedStats.set(id, DashboardJson.stats(s));
                changed = true;
            }
        }
        return changed ? message(false, changedPoses, changedStats) : null;
    }

    /** Everything visible, for a page that just connected or missed updates. */
    synchronized ObjectNode full() {
        ObjectNode poses = DashboardJson.MAPPER.createObjectNode();
        ObjectNode stats = DashboardJson.MAPPER.createObjectNode();
        entries.forEach((id, e) -> {
            if (e.visible && e.view != null) {
                poses.set(id, e.view);
                if (e.stats != null) {
                    stats.set(id, DashboardJson.stats(e.stats));
                }
            }
        });
        return message(true, poses, stats);
    }

    private ObjectNode message(boolean full, ObjectNode poses, ObjectNode stats) {
        ObjectNode m = DashboardJson.MAPPER.createObjectNode();
        m.put("type", "update");
        m.put("full", full);
        m.put("state", state);
        ArrayNode ids = m.putArray("streams");
        entries.forEach((id, e) -> {
            if (e.visible) {
                ids.add(id);
            }
        });
        m.set("poses", poses);
        m.set("stats", stats);
        return m;
    }

    private ObjectNode render(StreamSource source, PoseFrame pose) {
        ObjectNode view = PoseJson.toJson(pose);
        view.set("model", DashboardJson.model(pose.getModel()));
        String image = source.frame(pose.getStreamId(), pose.getSequence())
                .flatMap(thumbnails::jpeg)
                .map(jpeg -> "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg))
                .orElse(null);
        view.put("image", image);
        return view;
    }

    private static long micros(PoseFrame pose) {
        Objects.requireNonNull(pose.getInferenceTime(), "inference time");
        return pose.getInferenceTime().getEpochSecond() * 1_000_000L
                + pose.getInferenceTime().getNano() / 1_000;
    }
}
