package dev.tokenpose.checkpoint;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipException;

/**
 * Writes a zip archive laid out as PyTorch's {@code PyTorchStreamWriter} (miniz) lays it out:
 * every record stored uncompressed under one top folder, its data starting on a 64-byte boundary
 * (padding in an {@code FB} extra field filled with {@code Z}), sizes and CRC in a data descriptor
 * after the data, and a zip64 end record before the classic one.
 *
 * <p>Header fields that miniz leaves zero (versions, timestamps, attributes) are zero here too.
 * Archives of 4 GiB or more, which need zip64 fields in the entry headers, are refused.
 */
final class TorchZipWriter {

    /** Writes the bytes of one record. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** torch's {@code kFieldAlignment}: record data can be memory-mapped and read with wide loads. */
    static final int ALIGNMENT = 64;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int DATA_DESCRIPTOR = 0x08074b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int ZIP64_END = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int END = 0x06054b50;
    private static final int LOCAL_HEADER_SIZE = 30;
    private static final int CENTRAL_HEADER_SIZE = 46;
    private static final int ZIP64_END_SIZE = 56;
    /** Data descriptor follows the data (bit 3); names are UTF-8 (bit 11). */
    private static final short FLAGS = 0x0808;
    /** miniz's zip64 end record: made by Unix, zip 3.0; needs zip 4.5. */
    private static final short ZIP64_MADE_BY = 0x031e;

    private static final short ZIP64_NEEDED = 0x002d;
    private static final byte[] PADDING_TAG = {'F', 'B'};
    private static final byte PADDING_FILL = 'Z';
    private static final long ZIP32_LIMIT = 0xffffffffL;
    private static final int MAX_COUNT16 = 0xffff;

    private record Entry(byte[] name, int crc, long size, long offset) {}

    private final Position out;
    private final String prefix;
    private final List<Entry> entries = new ArrayList<>();

    /**
     * Starts an archive.
     *
     * @param out where the archive goes; not closed here
     * @param archiveName the top folder that holds every record
     */
    TorchZipWriter(OutputStream out, String archiveName) {
        this.out = new Position(out);
        this.prefix = archiveName + "/";
    }

    /** Adds the record {@code <archiveName>/<name>}. */
    void record(String name, byte[] data) throws IOException {
        record(name, o -> o.write(data));
    }

    /** Adds the record {@code <archiveName>/<name>} with the bytes the body writes. */
    void record(String name, Body body) throws IOException {
        byte[] fullName = (prefix + name).getBytes(StandardCharsets.UTF_8);
        long offset = out.position;
        checkZip32(offset, "record " + name + " would start at byte " + offset);
        // torch's getPadding: the FB header itself counts towards the aligned start.
        long start = offset + LOCAL_HEADER_SIZE + fullName.length + 4;
        int padding = (int) ((ALIGNMENT - start % ALIGNMENT) % ALIGNMENT);

        ByteBuffer header = le(LOCAL_HEADER_SIZE + fullName.length + 4 + padding);
        header.putInt(LOCAL_HEADER).putShort((short) 0).putShort(FLAGS).putShort((short) 0);
        header.putShort((short) 0).putShort((short) 0); // time, date
        header.putInt(0).putInt(0).putInt(0); // CRC and sizes: in the data descriptor
        header.putShort((short) fullName.length).putShort((short) (4 + padding));
        header.put(fullName).put(PADDING_TAG).putShort((short) padding);
        while (header.hasRemaining()) {
            header.put(PADDING_FILL);
        }
        out.write(header.array());

        CRC32 crc = new CRC32();
        long dataStart = out.position;
        OutputStream checked = new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                crc.update(b);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                crc.update(b, off, len);
                out.write(b, off, len);
            }
        };
        body.writeTo(checked);
        long size = out.position - dataStart;
        checkZip32(size, "record " + name + " has " + size + " bytes");

        ByteBuffer descriptor = le(16);
        descriptor
                .putInt(DATA_DESCRIPTOR)
                .putInt((int) crc.getValue())
                .putInt((int) size)
                .putInt((int) size);
        out.write(descriptor.array());
        entries.add(new Entry(fullName, (int) crc.getValue(), size, offset));
    }

    /** Writes the central directory and the end records; the stream is flushed, not closed. */
    void finish() throws IOException {
        long directoryOffset = out.position;
        checkZip32(directoryOffset, "the central directory would start at byte " + directoryOffset);
        for (Entry e : entries) {
            ByteBuffer h = le(CENTRAL_HEADER_SIZE + e.name().length);
            h.putInt(CENTRAL_HEADER)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort(FLAGS)
                    .putShort((short) 0);
            h.putShort((short) 0).putShort((short) 0); // time, date
            h.putInt(e.crc()).putInt((int) e.size()).putInt((int) e.size());
            h.putShort((short) e.name().length).putShort((short) 0).putShort((short) 0); // name, extra, comment
            h.putShort((short) 0).putShort((short) 0).putInt(0); // disk, internal and external attributes
            h.putInt((int) e.offset()).put(e.name());
            out.write(h.array());
        }
        long directorySize = out.position - directoryOffset;
        long zip64End = out.position;

        ByteBuffer tail = le(ZIP64_END_SIZE + 20 + 22);
        tail.putInt(ZIP64_END)
                .putLong(ZIP64_END_SIZE - 12)
                .putShort(ZIP64_MADE_BY)
                .putShort(ZIP64_NEEDED);
        tail.putInt(0).putInt(0).putLong(entries.size()).putLong(entries.size());
        tail.putLong(directorySize).putLong(directoryOffset);
        tail.putInt(ZIP64_LOCATOR).putInt(0).putLong(zip64End).putInt(1);
        int count = Math.min(entries.size(), MAX_COUNT16);
        tail.putInt(END)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) count)
                .putShort((short) count);
        tail.putInt((int) directorySize).putInt((int) directoryOffset).putShort((short) 0);
        out.write(tail.array());
        out.flush();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkZip32(long value, String problem) throws ZipException {
        if (value >= ZIP32_LIMIT) {
            throw new ZipException(problem + ", past the 4 GiB that entries without zip64 headers can address");
        }
    }

    /** Counts the bytes written, since every header needs its own offset. */
    private static final class Position extends FilterOutputStream {
        long position;

        Position(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            position += len;
        }
    }
}
