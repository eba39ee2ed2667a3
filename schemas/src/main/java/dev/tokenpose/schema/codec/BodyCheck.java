package dev.tokenpose.schema.codec;

import dev.tokenpose.schema.DeadLetterReason;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body along its writer schema without allocating anything, so that a corrupt
 * length or item count is rejected before the decoder allocates for it. Avro only limits lengths to
 * about 2 GiB: a few corrupt bytes could otherwise make it allocate gigabytes, or fail with an
 * {@link OutOfMemoryError} that no dead-letter handling catches.
 *
 * <p>A length may not exceed the bytes left, and an array or map block may not announce more items
 * than there are bytes left. The second rule assumes every item takes at least one byte, which holds
 * for every collection in these schemas.
 */
final class BodyCheck {

    private final Schema writer;
    private final byte[] bytes;
    private int pos;

    private BodyCheck(Schema writer, byte[] bytes, int start) {
        this.writer = writer;
        this.bytes = bytes;
        this.pos = start;
    }

    /**
     * Checks that {@code bytes} from {@code start} to the end hold exactly one value of {@code writer}.
     *
     * @throws CodecException with reason UNDECODABLE_RECORD, naming the offset and field at fault
     */
    static void check(Schema writer, byte[] bytes, int start) {
        BodyCheck check = new BodyCheck(writer, bytes, start);
        check.value(writer, writer.getName());
        if (check.pos != bytes.length) {
            throw check.corrupt(writer.getName(), (bytes.length - check.pos) + " bytes follow the end of the record");
        }
    }

    private void value(Schema schema, String path) {
        switch (schema.getType()) {
            case NULL -> {}
            case BOOLEAN -> skip(1, path);
            case INT, ENUM -> {
                long n = varint(path, 5);
                if (schema.getType() == Schema.Type.ENUM
                        && (n < 0 || n >= schema.getEnumSymbols().size())) {
                    throw corrupt(
                            path,
                            "enum index " + n + " is not one of the "
                                    + schema.getEnumSymbols().size() + " symbols of " + schema.getName());
                }
            }
            case LONG -> varint(path, 10);
            case FLOAT -> skip(4, path);
            case DOUBLE -> skip(8, path);
            case FIXED -> skip(schema.getFixedSize(), path);
            case STRING, BYTES -> skip(length(path), path);
            case UNION -> {
                long branch = varint(path, 5);
                if (branch < 0 || branch >= schema.getTypes().size()) {
                    throw corrupt(
                            path,
                            "union branch " + branch + " does not exist ("
                                    + schema.getTypes().size() + " branches)");
                }
                value(schema.getTypes().get((int) branch), path);
            }
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    value(field.schema(), path + "." + field.name());
                }
            }
            case ARRAY, MAP -> collection(schema, path);
        }
    }

    /** Arrays and maps are blocks of items ending with an empty block; a negative count is followed by the block's size. */
    private void collection(Schema schema, String path) {
        long index = 0;
        for (long count = varint(path, 10); count != 0; count = varint(path, 10)) {
            if (count < 0) {
                if (count == Long.MIN_VALUE) {
                    throw corrupt(path, "block item count " + count + " is out of range");
                }
                count = -count;
                length(path);
            }
            if (count > bytes.length - pos) {
                throw corrupt(path, "block of " + count + " items exceeds the " + (bytes.length - pos) + " bytes left");
            }
            for (long i = 0; i < count; i++, index++) {
                String item = path + "[" + index + "]";
                if (schema.getType() == Schema.Type.MAP) {
                    skip(length(item), item);
                    value(schema.getValueType(), item);
                } else {
                    value(schema.getElementType(), item);
                }
            }
        }
    }

    private int length(String path) {
        long length = varint(path, 10);
        if (length < 0 || length > bytes.length - pos) {
            throw corrupt(path, "length " + length + " exceeds the " + (bytes.length - pos) + " bytes left");
        }
        return (int) length;
    }

    private void skip(int n, String path) {
        if (n > bytes.length - pos) {
            throw corrupt(path, "needs " + n + " bytes but " + (bytes.length - pos) + " are left");
        }
        pos += n;
    }

    /** A zig-zag variable-length integer of at most {@code maxBytes} bytes, as Avro writes int and long. */
    private long varint(String path, int maxBytes) {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= bytes.length) {
                throw corrupt(path, "the value ends inside a number");
            }
            int b = bytes[pos++] & 0xFF;
            raw |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw corrupt(path, "malformed variable-length number");
    }

    private CodecException corrupt(String path, String what) {
        return new CodecException(
                DeadLetterReason.UNDECODABLE_RECORD,
                "corrupt " + writer.getName() + " body at byte " + pos + " (" + path + "): " + what,
                null);
    }
}
