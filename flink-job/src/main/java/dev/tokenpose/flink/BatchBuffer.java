package dev.tokenpose.flink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Frames waiting for a model call, in arrival order. A batch takes the oldest waiting frame of
 * each stream, so no stream has two frames in one batch (the second needs the first one's tracks),
 * yet a later frame of a stream already in the batch stays queued instead of cutting the batch
 * short: sources hand records over a partition at a time, so streams arrive in runs.
 *
 * @param <T> a waiting frame
 */
final class BatchBuffer<T> {

    /** A waiting frame, its arrival number (counts up from 0) and arrival time. */
    record Entry<T>(T item, long arrival, long arrivedAtMs) {}

    private final Function<T, String> streamOf;
    private final ToLongFunction<T> bytesOf;
    private final LinkedList<Entry<T>> entries = new LinkedList<>();
    private final Map<String, Integer> framesPerStream = new HashMap<>();
    private long nextArrival;
    private long bytes;

    /**
     * @param streamOf the stream a frame belongs to
     * @param bytesOf what a frame weighs, for {@link #bytes()}
     */
    BatchBuffer(Function<T, String> streamOf, ToLongFunction<T> bytesOf) {
        this.streamOf = streamOf;
        this.bytesOf = bytesOf;
    }

    void add(T item, long nowMs) {
        entries.addLast(new Entry<>(item, nextArrival++, nowMs));
        framesPerStream.merge(streamOf.apply(item), 1, Integer::sum);
        bytes += bytesOf.applyAsLong(item);
    }

    /**
     * Removes and returns the next batch: the oldest frame of each stream, oldest first, at most
     * {@code maxFrames}.
     */
    List<Entry<T>> takeBatch(int maxFrames) {
        List<Entry<T>> batch = new ArrayList<>(Math.min(maxFrames, framesPerStream.size()));
        Set<String> taken = new HashSet<>();
        for (Iterator<Entry<T>> it = entries.iterator(); it.hasNext() && batch.size() < maxFrames; ) {
            Entry<T> entry = it.next();
            T item = entry.item();
            String stream = streamOf.apply(item);
            if (taken.add(stream)) {
                it.remove();
                batch.add(entry);
                bytes -= bytesOf.applyAsLong(item);
                framesPerStream.computeIfPresent(stream, (k, n) -> n == 1 ? null : n - 1);
            }
        }
        return batch;
    }

    int size() {
        return entries.size();
    }

    /** The waiting frames' total weight. */
    long bytes() {
        return bytes;
    }

    /** Streams with at least one waiting frame: the size the next batch would have. */
    int streams() {
        return framesPerStream.size();
    }

    /** Whether a frame of this stream is waiting. */
    boolean holds(String stream) {
        return framesPerStream.containsKey(stream);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The longest-waiting frame; the buffer must not be empty. */
    Entry<T> oldest() {
        return entries.getFirst();
    }

    /** The arrival number the next {@link #add} will get. */
    long nextArrival() {
        return nextArrival;
    }

    /** The waiting frames in arrival order. */
    List<T> items() {
        return entries.stream().map(Entry::item).toList();
    }
}
