package dev.tokenpose.flink;

import dev.tokenpose.pipeline.StreamState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * Keeps a stream's tracking state as bytes in Flink keyed state. Java serialization of the core's
 * plain value types keeps the job free of Kryo and of Flink type information for them; their
 * serialVersionUIDs pin the format across savepoints.
 */
final class StreamStateCodec {

    private StreamStateCodec() {}

    static byte[] write(StreamState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StreamState read(byte[] bytes) {
        if (bytes == null) {
            return StreamState.INITIAL;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (StreamState) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot restore a stream's tracking state: " + e, e);
        }
    }
}
