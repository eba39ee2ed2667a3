package dev.tokenpose.kafka.stats;

import dev.tokenpose.schema.ModelIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of {@link Tally}, for the app's internal repartition topic and window store only: a
 * version byte then the fields in order. Nothing outside the app reads it, so it is not Avro.
 */
public final class TallySerde implements Serde<Tally> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<Tally> serializer() {
        return (topic, tally) -> tally == null ? null : write(tally);
    }

    @Override
    public Deserializer<Tally> deserializer() {
        return (topic, data) -> data == null ? null : read(data);
    }

    static byte[] write(Tally t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                64 + 8 * (t.trackIds().size() + t.latenciesMs().size()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(t.framesIn());
            out.writeLong(t.framesOut());
            out.writeLong(t.persons());
            out.writeInt(t.maxPersons());
            out.writeInt(t.trackIds().size());
            for (long id : t.trackIds()) {
                out.writeLong(id);
            }
            out.writeInt(t.latenciesMs().size());
            for (double l : t.latenciesMs()) {
                out.writeDouble(l);
            }
            out.writeLong(t.deadLetters());
            out.writeBoolean(t.model() != null);
            if (t.model() != null) {
                out.writeUTF(t.model().getVariant());
                out.writeUTF(t.model().getWeights());
                out.writeBoolean(t.model().getTrained());
            }
            out.writeLong(t.modelTime());
        } catch (IOException e) {
            throw new SerializationException("cannot write tally " + t, e);
        }
        return bytes.toByteArray();
    }

    static Tally read(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown tally version " + version);
            }
            long framesIn = in.readLong();
            long framesOut = in.readLong();
            long persons = in.readLong();
            int maxPersons = in.readInt();
            List<Long> tracks = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                tracks.add(in.readLong());
            }
            List<Double> latencies = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                latencies.add(in.readDouble());
            }
            long deadLetters = in.readLong();
            ModelIdentity model =
                    in.readBoolean() ? new ModelIdentity(in.readUTF(), in.readUTF(), in.readBoolean()) : null;
            return new Tally(
                    framesIn, framesOut, persons, maxPersons, tracks, latencies, deadLetters, model, in.readLong());
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("corrupt tally of " + data.length + " bytes", e);
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        // A corrupt length must not allocate gigabytes.
        if (n < 0 || n > Tally.MAX_LATENCY_SAMPLES * 4) {
            throw new IOException("implausible element count " + n);
        }
        return n;
    }
}
