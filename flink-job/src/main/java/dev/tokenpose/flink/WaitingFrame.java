package dev.tokenpose.flink;

import dev.tokenpose.schema.codec.AvroCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A frame waiting in the pose operator for its batch, with the timestamp of the record it came in.
 * Its bytes (for keyed state across a checkpoint) hold the frame as a released Avro
 * single-object record, so a savepoint stays readable after the schema evolves.
 */
record WaitingFrame(FrameRecord record, long timestamp, boolean hasTimestamp) {

    private static final byte FORMAT = 1;

    String streamId() {
        return record.frame.getStreamId();
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(record.frame.getPayload().remaining() + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            byte[] frame = AvroCodec.VIDEO_FRAME.encode(record.frame);
            out.writeInt(frame.length);
            out.write(frame);
            out.writeUTF(record.topic);
            out.writeInt(record.partition);
            out.writeLong(record.offset);
            out.writeLong(record.ingestTimeMicros);
            out.writeBoolean(hasTimestamp);
            out.writeLong(timestamp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static WaitingFrame fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException(
                        "waiting frame in state has format " + format + ", this job reads " + FORMAT);
            }
            byte[] frame = in.readNBytes(in.readInt());
            // Arguments are evaluated left to right: the fields in the order they were written.
            FrameRecord r = FrameRecord.of(
                    AvroCodec.VIDEO_FRAME.decode(frame), in.readUTF(), in.readInt(), in.readLong(), in.readLong());
            boolean hasTimestamp = in.readBoolean();
            return new WaitingFrame(r, in.readLong(), hasTimestamp);
        } catch (IOException e) {
            throw new IllegalStateException("cannot restore a waiting frame: " + e, e);
        }
    }
}
