package dev.tokenpose.track;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** Runs a tracker over generated frames and scores the ids against the ground-truth identities. */
final class TrackLog {

    /** Per frame: identity → published track id (null while tentative). Clutter (identity -1) is left out. */
    final List<Map<Integer, Long>> idsByFrame = new ArrayList<>();

    final List<TrackedFrame> outputs = new ArrayList<>();
    TrackerState state;

    private TrackLog(TrackerState state) {
        this.state = state;
    }

    static TrackLog run(Tracker tracker, List<SyntheticScene.Frame> frames) {
        return run(tracker, TrackerState.INITIAL, frames);
    }

    static TrackLog run(Tracker tracker, TrackerState start, List<SyntheticScene.Frame> frames) {
        TrackLog log = new TrackLog(start);
        for (SyntheticScene.Frame f : frames) {
            TrackedFrame out = tracker.update(log.state, f.poses(), f.time());
            log.state = out.state();
            log.outputs.add(out);
            Map<Integer, Long> ids = new HashMap<>();
            for (int i = 0; i < f.identities().size(); i++) {
                if (f.identities().get(i) >= 0) {
                    ids.put(f.identities().get(i), out.persons().get(i).trackId());
                }
            }
            log.idsByFrame.add(ids);
        }
        return log;
    }

    /** MOT-style id switches: how often an identity's published id differs from its previous published id. */
    int idSwitches() {
        Map<Integer, Long> last = new HashMap<>();
        int switches = 0;
        for (Map<Integer, Long> frame : idsByFrame) {
            for (Map.Entry<Integer, Long> e : frame.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                Long previous = last.put(e.getKey(), e.getValue());
                if (previous != null && !previous.equals(e.getValue())) {
                    switches++;
                }
            }
        }
        return switches;
    }

    /** Distinct published ids per identity, in order of first use. */
    Map<Integer, Set<Long>> idsPerIdentity() {
        Map<Integer, Set<Long>> out = new TreeMap<>();
        for (Map<Integer, Long> frame : idsByFrame) {
            frame.forEach((identity, id) -> {
                if (id != null) {
                    out.computeIfAbsent(identity, k -> new LinkedHashSet<>()).add(id);
                }
            });
        }
        return out;
    }

    /** Track ids that were published for more than one identity (an id taken over by someone else). */
    int sharedIds() {
        Map<Long, Set<Integer>> identities = new HashMap<>();
        for (Map<Integer, Long> frame : idsByFrame) {
            frame.forEach((identity, id) -> {
                if (id != null) {
                    identities.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(identity);
                }
            });
        }
        return (int) identities.values().stream().filter(s -> s.size() > 1).count();
    }

    /** The published id of an identity in a frame, or null (tentative, absent). */
    Long id(int frame, int identity) {
        return idsByFrame.get(frame).get(identity);
    }

    /** The first frame where an identity has a published id, or -1. */
    int firstPublished(int identity) {
        for (int f = 0; f < idsByFrame.size(); f++) {
            if (Objects.nonNull(idsByFrame.get(f).get(identity))) {
                return f;
            }
        }
        return -1;
    }
}
