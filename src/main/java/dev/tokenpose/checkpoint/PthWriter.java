package dev.tokenpose.checkpoint;

import dev.tokenpose.checkpoint.StateDictPickler.Item;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Writes a state dict as a PyTorch checkpoint, the way {@code torch.save(model.state_dict(), f)}
 * writes it in the zip format of torch 1.6 and later, so that {@code torch.load} and
 * {@code load_state_dict} accept it.
 *
 * <p>The archive holds, under one top folder, {@code data.pkl} (the pickled {@code OrderedDict}),
 * {@code byteorder} (as torch 2.1 and later write it), one {@code data/<n>} record per tensor in
 * the string order of {@code n}, and {@code version}; records are stored uncompressed with their
 * data 64-byte aligned, so {@code torch.load(..., mmap=True)} can map them. Tensor {@code i} (in
 * state-dict order) gets storage {@code i}, as torch numbers storages in the order it meets them,
 * and the strides of a freshly allocated C-contiguous tensor. Not written: the state
 * dict's {@code _metadata} (module versions, which a {@link StateDict} does not carry and
 * {@code load_state_dict} does without), and the bookkeeping records that recent torch versions
 * add ({@code .data/serialization_id}, {@code .format_version}, {@code .storage_alignment}).
 *
 * <p>Only float32 and int64 tensors are written: those are the types {@link TensorData}'s
 * factories make and a TokenPose state dict holds.
 */
public final class PthWriter {

    /** The top folder torch uses when it saves to a stream, which has no file name. */
    static final String STREAM_ARCHIVE_NAME = "archive";
    /** The serialisation format version torch.save writes. */
    private static final String FORMAT_VERSION = "3\n";
    /** Tensor data is always written little-endian, whatever the machine. */
    private static final String BYTE_ORDER = "little";

    private static final int CONVERSION_BYTES = 1 << 16;

    private PthWriter() {}

    /**
     * Writes a checkpoint file. The archive's top folder is named after the file, without its
     * extension, as torch names it. The file is written beside its final place and moved there
     * when complete, so a failed write leaves any previous file untouched.
     *
     * @param file where to write, usually ending in {@code .pth}; replaced if it exists
     * @param stateDict the tensors, in the order the checkpoint should list them
     * @throws CheckpointException if a tensor is neither float32 nor int64, the archive would
     *     reach 4 GiB, or the file cannot be written
     */
    public static void write(Path file, StateDict stateDict) throws CheckpointException {
        String target = "Checkpoint " + file;
        List<Item> items = items(target, stateDict);
        Path absolute = file.toAbsolutePath();
        String name = absolute.getFileName().toString();
        // Not Files.createTempFile: its owner-only permissions would stay on the checkpoint.
        Path tmp = absolute.resolveSibling("." + name + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    CONVERSION_BYTES)) {
                writeArchive(out, archiveName(name), items, stateDict);
            }
            move(tmp, absolute);
        } catch (IOException e) {
            deleteQuietly(tmp, e);
            throw fail(target, "could not be written (" + e + ")", e);
        }
    }

    /**
     * Writes a checkpoint to a stream, with the top folder {@value #STREAM_ARCHIVE_NAME} that
     * torch uses for streams ({@code torch.save(sd, buffer)}).
     *
     * @param out where the archive goes; flushed, not closed
     * @param stateDict the tensors, in the order the checkpoint should list them
     * @throws CheckpointException if a tensor is neither float32 nor int64, the archive would
     *     reach 4 GiB, or the stream fails
     */
    public static void write(OutputStream out, StateDict stateDict) throws CheckpointException {
        String target = "Checkpoint of " + stateDict.source();
        List<Item> items = items(target, stateDict);
        try {
            BufferedOutputStream buffered = new BufferedOutputStream(out, CONVERSION_BYTES);
            writeArchive(buffered, STREAM_ARCHIVE_NAME, items, stateDict);
        } catch (IOException e) {
            throw fail(target, "could not be written (" + e + ")", e);
        }
    }

    /**
     * The top folder torch gives the archive of a file: the name after the last path separator,
     * cut at its last dot. A name that leaves nothing (such as {@code .pth}), which torch refuses,
     * gets {@value #STREAM_ARCHIVE_NAME}.
     */
    static String archiveName(String fileName) {
        int start = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1;
        String base = fileName.substring(start);
        int dot = base.lastIndexOf('.');
        String name = dot >= 0 ? base.substring(0, dot) : base;
        return name.isEmpty() ? STREAM_ARCHIVE_NAME : name;
    }

    private static List<Item> items(String target, StateDict stateDict) throws CheckpointException {
        List<Item> items = new ArrayList<>(stateDict.size());
        for (TensorData t : stateDict.tensors()) {
            ScalarType type = switch (t.dtype()) {
                case "float32" -> ScalarType.FLOAT32;
                case "int64" -> ScalarType.INT64;
                default ->
                    throw fail(
                            target,
                            "cannot hold the entry '" + t.name() + "' of type " + t.dtype()
                                    + ": only float32 and int64 tensors are written (convert it with TensorData.ofFloats "
                                    + "or TensorData.ofLongs)",
                            null);
            };
            items.add(new Item(t.name(), type, t.shape(), String.valueOf(items.size())));
        }
        return items;
    }

    private static void writeArchive(OutputStream out, String archiveName, List<Item> items, StateDict stateDict)
            throws IOException {
        TorchZipWriter zip = new TorchZipWriter(out, archiveName);
        zip.record("data.pkl", StateDictPickler.pickle(items));
        zip.record("byteorder", BYTE_ORDER.getBytes(StandardCharsets.US_ASCII));
        // torch writes storages sorted by key as strings: 0, 1, 10, 11, ..., 2, ...
        List<Item> byKey = new ArrayList<>(items);
        byKey.sort(Comparator.comparing(Item::storageKey));
        for (Item item : byKey) {
            TensorData t = stateDict.get(item.key());
            zip.record("data/" + item.storageKey(), o -> writeValues(o, t));
        }
        zip.record("version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
        zip.finish();
    }

    /** Streams the values little-endian through one small buffer, so no second copy of a tensor is made. */
    private static void writeValues(OutputStream out, TensorData t) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CONVERSION_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (t.isFloatingPoint()) {
            float[] values = t.floats();
            int step = CONVERSION_BYTES / Float.BYTES;
            for (int from = 0; from < values.length; from += step) {
                int n = Math.min(step, values.length - from);
                buf.clear();
                buf.asFloatBuffer().put(values, from, n);
                out.write(buf.array(), 0, n * Float.BYTES);
            }
        } else {
            long[] values = t.longs();
            int step = CONVERSION_BYTES / Long.BYTES;
            for (int from = 0; from < values.length; from += step) {
                int n = Math.min(step, values.length - from);
                buf.clear();
                buf.asLongBuffer().put(values, from, n);
                out.write(buf.array(), 0, n * Long.BYTES);
            }
        }
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path tmp, IOException failure) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static CheckpointException fail(String target, String problem, Throwable cause) {
        return new CheckpointException(target + " " + problem + ".", cause);
    }
}
