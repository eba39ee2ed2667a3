package dev.tokenpose.flink;

import dev.tokenpose.pipeline.StreamState;
import dev.tokenpose.track.OneEuroState;
import dev.tokenpose.track.Track;
import dev.tokenpose.track.TrackerState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a stream's tracking state as bytes in Flink keyed state, in an explicit format that
 * savepoints pin: a version byte, then every field in a fixed order. Renaming or reordering the
 * core's value types cannot silently change what a savepoint holds; a change of the format is a
 * new version, and the versions before it stay readable.
 *
 * <p>Version 0 is the Java serialization of {@link StreamState} that earlier releases wrote (its
 * stream magic 0xACED never starts a versioned state); it is still read, so their savepoints restore.
 */
final class StreamStateCodec {

    /** The format written. */
    static final int VERSION = 1;

    private static final int JAVA_SERIALIZATION_MAGIC = 0xAC;

    /** What a version 0 state may contain: nothing else gets instantiated from a savepoint. */
    private static final ObjectInputFilter LEGACY_CLASSES = ObjectInputFilter.Config.createFilter(
            "dev.tokenpose.pipeline.StreamState;dev.tokenpose.track.*;java.lang.*;java.util.*;!*");

    private StreamStateCodec() {}

    static byte[] write(StreamState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(state.frames());
            out.writeBoolean(state.redetect());
            TrackerState tracker = state.tracker();
            out.writeLong(tracker.nextId());
            out.writeDouble(tracker.time());
            out.writeInt(tracker.tracks().size());
            for (Track t : tracker.tracks()) {
                writeTrack(out, t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StreamState read(byte[] bytes) {
        if (bytes == null) {
            return StreamState.INITIAL;
        }
        if (bytes.length == 0) {
            throw new IllegalStateException("cannot restore a stream's tracking state: it is empty");
        }
        int version = bytes[0] & 0xFF;
        try {
            if (version == JAVA_SERIALIZATION_MAGIC) {
                return readJavaSerialization(bytes);
            }
            if (version != VERSION) {
                throw new IllegalStateException("cannot restore a stream's tracking state: format version " + version
                        + " is newer than this release reads (" + VERSION
                        + "); restore with the release that wrote it");
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1));
            long frames = in.readLong();
            boolean redetect = in.readBoolean();
            long nextId = in.readLong();
            double time = in.readDouble();
            int n = count(in);
            List<Track> tracks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tracks.add(readTrack(in));
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes left after the state");
            }
            return new StreamState(new TrackerState(tracks, nextId, time), frames, redetect);
        } catch (EOFException e) {
            throw new IllegalStateException("cannot restore a stream's tracking state: it is truncated", e);
        } catch (IOException | ClassNotFoundException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot restore a stream's tracking state: " + e, e);
        }
    }

    private static void writeTrack(DataOutputStream out, Track t) throws IOException {
        out.writeBoolean(t.id() != null);
        if (t.id() != null) {
            out.writeLong(t.id());
        }
        writeDoubles(out, t.box());
        writeDoubles(out, t.center());
        writeDoubles(out, t.velocity());
        float[] keypoints = t.keypoints();
        out.writeInt(keypoints.length);
        for (float v : keypoints) {
            out.writeFloat(v);
        }
        out.writeDouble(t.time());
        out.writeInt(t.hits());
        out.writeInt(t.misses());
        out.writeInt(t.smoother().size());
        for (OneEuroState s : t.smoother()) {
            out.writeDouble(s.value());
            out.writeDouble(s.derivative());
            out.writeDouble(s.time());
            out.writeBoolean(s.initialised());
        }
    }

    private static Track readTrack(DataInputStream in) throws IOException {
        Long id = in.readBoolean() ? in.readLong() : null;
        double[] box = readDoubles(in);
        double[] center = readDoubles(in);
        double[] velocity = readDoubles(in);
        float[] keypoints = new float[count(in)];
        for (int i = 0; i < keypoints.length; i++) {
            keypoints[i] = in.readFloat();
        }
        double time = in.readDouble();
        int hits = in.readInt();
        int misses = in.readInt();
        int n = count(in);
        List<OneEuroState> smoother = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            smoother.add(new OneEuroState(in.readDouble(), in.readDouble(), in.readDouble(), in.readBoolean()));
        }
        return new Track(id, box, center, velocity, keypoints, time, hits, misses, smoother);
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        double[] values = new double[count(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    /** A length, checked against what is left so a corrupt one cannot ask for gigabytes. */
    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("length " + n + " does not fit the " + in.available() + " bytes left");
        }
        return n;
    }

    private static StreamState readJavaSerialization(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(LEGACY_CLASSES);
            return (StreamState) in.readObject();
        }
    }
}
