package dev.tokenpose.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An n-dimensional array in NumPy's {@code .npy} format (version 1.0–3.0, C order), held as
 * float32 or uint8.
 *
 * <p>Reading accepts little-endian {@code f4}, {@code f8} (converted to float32) and {@code u1};
 * writing produces {@code <f4} or {@code |u1}, which is what the command-line contract promises.
 */
public final class NpyArray {

    /** Element type of an array. */
    public enum DType {
        FLOAT32("<f4", 4),
        UINT8("|u1", 1);

        final String descr;
        final int size;

        DType(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final int[] shape;
    private final DType dtype;
    private final float[] floats;
    private final byte[] bytes;

    private NpyArray(int[] shape, DType dtype, float[] floats, byte[] bytes) {
        this.shape = shape.clone();
        this.dtype = dtype;
        this.floats = floats;
        this.bytes = bytes;
        long n = count(shape);
        long have = floats != null ? floats.length : bytes.length;
        if (n != have) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + n + " values, data has " + have);
        }
    }

    /** A float32 array; {@code data} is used as is, in C order. */
    public static NpyArray ofFloats(int[] shape, float[] data) {
        return new NpyArray(shape, DType.FLOAT32, data, null);
    }

    /** A uint8 array; {@code data} is used as is, in C order. */
    public static NpyArray ofBytes(int[] shape, byte[] data) {
        return new NpyArray(shape, DType.UINT8, null, data);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public DType dtype() {
        return dtype;
    }

    /** The float32 values in C order (not a copy). */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("array is " + dtype + ", not float32");
        }
        return floats;
    }

    /** The uint8 values in C order (not a copy). */
    public byte[] bytes() {
        if (bytes == null) {
            throw new IllegalStateException("array is " + dtype + ", not uint8");
        }
        return bytes;
    }

    /** Reads a {@code .npy} file. */
    public static NpyArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a {@code .npy} stream; {@code name} only serves error messages. */
    public static NpyArray read(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new IOException(name + ": not a .npy file (bad magic)");
        }
        int major = magic[6];
        int headerLen;
        if (major == 1) {
            byte[] b = in.readNBytes(2);
            headerLen = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] b = in.readNBytes(4);
            headerLen = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new IOException(name + ": unsupported .npy version " + major);
        }
        String header = new String(in.readNBytes(headerLen), StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new IOException(name + ": unreadable .npy header: " + header.trim());
        }
        if (o.group(1).equals("True")) {
            throw new IOException(name + ": Fortran-order arrays are not supported; save in C order");
        }
        int[] shape = parseShape(s.group(1), name);
        long n = count(shape);
        if (n > Integer.MAX_VALUE) {
            throw new IOException(name + ": array too large (" + n + " values)");
        }
        String descr = d.group(1);
        switch (descr) {
            case "<f4": {
                ByteBuffer buf = readExactly(in, n * 4, name);
                float[] out = new float[(int) n];
                buf.asFloatBuffer().get(out);
                return ofFloats(shape, out);
            }
            case "<f8": {
                ByteBuffer buf = readExactly(in, n * 8, name);
                float[] out = new float[(int) n];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) buf.getDouble();
                }
                return ofFloats(shape, out);
            }
            case "|u1":
            case "<u1": {
                return ofBytes(shape, readExactly(in, n, name).array());
            }
            default:
                throw new IOException(name + ": unsupported dtype '" + descr + "' (expected <f4, <f8 or |u1)");
        }
    }

    /** Writes this array as a version 1.0 {@code .npy} file. */
    public void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    /** Writes this array as a version 1.0 {@code .npy} stream. */
    public void write(OutputStream out) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText =
                shape.length == 1 ? shape[0] + "," : dims.length() == 0 ? "" : dims.substring(0, dims.length() - 2);
        String dict = "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        // Pad with spaces so that magic + length + header + '\n' is a multiple of 64 bytes.
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - unpadded) + "\n";
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.write(pre.array());
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        if (dtype == DType.UINT8) {
            out.write(bytes);
        } else {
            ByteBuffer buf = ByteBuffer.allocate(floats.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(floats);
            out.write(buf.array());
        }
    }

    private static ByteBuffer readExactly(InputStream in, long n, String name) throws IOException {
        byte[] data = in.readNBytes((int) n);
        if (data.length != n) {
            throw new IOException(name + ": truncated .npy data (" + data.length + " of " + n + " bytes)");
        }
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int[] parseShape(String text, String name) throws IOException {
        String[] parts = text.split(",");
        int[] dims = new int[parts.length];
        int k = 0;
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                dims[k++] = Integer.parseInt(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new IOException(name + ": bad shape (" + text + ")");
            }
        }
        return Arrays.copyOf(dims, k);
    }

    private static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
