package dev.tokenpose.checkpoint;

import dev.tokenpose.checkpoint.TorchUnpickler.Opaque;
import dev.tokenpose.checkpoint.TorchUnpickler.StorageRef;
import dev.tokenpose.checkpoint.TorchUnpickler.TensorRef;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the state dict out of a PyTorch {@code .pth} file written by {@code torch.save}.
 *
 * <p>Both serialisation formats are understood: the zip archive of torch 1.6 and later
 * ({@code <top>/data.pkl} plus one {@code <top>/data/<key>} entry per storage), and the legacy
 * stream of consecutive pickles followed by raw storage data. The saved object may be the state
 * dict itself or a training checkpoint that holds it under {@code state_dict}; a DataParallel
 * {@code module.} prefix shared by every key is removed. Objects outside the state dict, such as
 * optimizer state, are unpickled leniently and their storages are never read.
 */
public final class PthReader {

    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int LEGACY_PROTOCOL = 1001;
    /** Where training checkpoints keep the model weights, in order of preference. */
    private static final List<String> STATE_DICT_KEYS =
            List.of("state_dict", "model_state_dict", "best_state_dict", "model", "net");

    private static final String DATA_PARALLEL_PREFIX = "module.";
    private static final int HEAD = 512;

    private PthReader() {}

    /** Supplies the raw bytes of a root storage. */
    @FunctionalInterface
    private interface StorageBytes {
        byte[] read(StorageRef root) throws CheckpointException, IOException;
    }

    /**
     * Reads the state dict of a checkpoint.
     *
     * @param file a file written by {@code torch.save}, in either format
     * @return the tensors in checkpoint order
     * @throws CheckpointException if the file is missing, not a PyTorch checkpoint, truncated or
     *     corrupted, holds no state dict, or its state dict has an entry that is not a tensor of
     *     a supported type
     */
    public static StateDict read(Path file) throws CheckpointException {
        if (!Files.isRegularFile(file)) {
            throw fail(file, "does not exist or is not a regular file", null);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD);
        } catch (IOException e) {
            throw fail(file, "could not be read (" + e.getMessage() + ")", e);
        }
        if (head.length == 0) {
            throw fail(file, "is empty", null);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return readZip(file);
        }
        if (head.length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            throw fail(
                    file,
                    "is a tar archive as written by PyTorch 0.3 or older, which is not supported; "
                            + "load it with PyTorch and save it again",
                    null);
        }
        // torch.save pickles with protocol 2 and starts the legacy stream with its magic number (LONG1).
        if (head.length >= 4 && (head[0] & 0xff) == 0x80 && (head[2] & 0xff) == 0x8a) {
            return readLegacy(file);
        }
        if ((head[0] & 0xff) == 0x80) {
            throw fail(
                    file,
                    "is a pickle stream but not a PyTorch checkpoint (the torch.save magic number " + "is missing)",
                    null);
        }
        throw fail(file, "is not a PyTorch checkpoint (it is neither a zip archive nor a pickle stream)", null);
    }

    private static StateDict readZip(Path file) throws CheckpointException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw fail(
                    file,
                    "is not a readable zip archive; it is probably truncated or corrupted (" + e.getMessage() + ")",
                    e);
        }
        try (zip) {
            String pklName = findDataPkl(zip);
            if (pklName == null) {
                throw fail(file, "is a zip archive without a data.pkl, so it is not a PyTorch checkpoint", null);
            }
            String prefix = pklName.substring(0, pklName.length() - "data.pkl".length());
            ByteOrder order = zipByteOrder(file, zip, prefix);
            Object root;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(zip.getEntry(pklName)))) {
                root = new TorchUnpickler().load(in);
            } catch (IOException | RuntimeException e) {
                throw fail(file, "has a corrupted " + pklName + " (" + e.getMessage() + ")", e);
            }
            Map<String, TensorRef> refs = locate(file, root);
            return materialise(file, refs, order, storage -> {
                ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
                if (entry == null) {
                    throw fail(
                            file,
                            "lacks the entry " + prefix + "data/" + storage.key() + " for storage " + storage.key(),
                            null);
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    return readBytes(file, in, entry.getSize(), "storage " + storage.key());
                }
            });
        } catch (IOException e) {
            throw fail(file, "could not be read (" + e.getMessage() + ")", e);
        }
    }

    /** The pickle of the archive's top folder (torch names that folder after the file it saved to). */
    private static String findDataPkl(ZipFile zip) {
        String best = null;
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            boolean topLevel = name.equals("data.pkl")
                    || (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length());
            if (topLevel && (best == null || name.length() < best.length())) {
                best = name;
            }
        }
        return best;
    }

    private static ByteOrder zipByteOrder(Path file, ZipFile zip, String prefix)
            throws IOException, CheckpointException {
        ZipEntry entry = zip.getEntry(prefix + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            String value = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return switch (value) {
                case "little" -> ByteOrder.LITTLE_ENDIAN;
                case "big" -> ByteOrder.BIG_ENDIAN;
                default -> throw fail(file, "declares an unknown byte order '" + value + "'", null);
            };
        }
    }

    private static StateDict readLegacy(Path file) throws CheckpointException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Object magic = unpickle(file, in, "magic number");
            if (!(magic instanceof Number n) || !LEGACY_MAGIC.equals(new BigInteger(n.toString()))) {
                throw fail(
                        file,
                        "is a pickle stream but not a PyTorch checkpoint (the torch.save magic number " + "is missing)",
                        null);
            }
            Object protocol = unpickle(file, in, "protocol version");
            if (!(protocol instanceof Number p) || p.intValue() != LEGACY_PROTOCOL) {
                throw fail(
                        file,
                        "uses legacy protocol version " + protocol + ", but only " + LEGACY_PROTOCOL + " is supported",
                        null);
            }
            Object sysInfo = unpickle(file, in, "system information");
            ByteOrder order = sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))
                    ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN;
            TorchUnpickler unpickler = new TorchUnpickler();
            Object root = unpickle(file, in, unpickler, "saved object");
            Map<String, TensorRef> refs = locate(file, root);
            if (!(unpickle(file, in, "storage key list") instanceof List<?> keys)) {
                throw fail(file, "has a corrupted storage key list", null);
            }
            Map<String, byte[]> data = readLegacyStorages(file, in, order, keys, unpickler.storages(), refs);
            return materialise(file, refs, order, storage -> data.get(storage.key()));
        } catch (IOException e) {
            throw fail(file, "could not be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads the storages that the state dict uses from the data section, where every storage in
     * key-list order is an int64 element count followed by its elements; the others are skipped.
     */
    private static Map<String, byte[]> readLegacyStorages(
            Path file,
            InputStream in,
            ByteOrder order,
            List<?> keys,
            Map<String, StorageRef> storages,
            Map<String, TensorRef> refs)
            throws CheckpointException, IOException {
        Set<String> needed = new LinkedHashSet<>();
        for (TensorRef ref : refs.values()) {
            needed.add(root(ref.storage()).key());
        }
        Map<String, byte[]> data = new HashMap<>();
        for (Object k : keys) {
            if (needed.isEmpty()) {
                break;
            }
            String key = String.valueOf(k);
            StorageRef storage = storages.get(key);
            int elementSize = storage == null ? 0 : storage.type().elementSize();
            if (elementSize == 0) {
                // Only storages outside the state dict can get here; their size is needed to skip them.
                throw fail(
                        file,
                        "stores storage " + key + " of unknown element size ahead of the state dict's data",
                        null);
            }
            byte[] countBytes = in.readNBytes(Long.BYTES);
            if (countBytes.length < Long.BYTES) {
                throw fail(file, "is truncated (it ends before the data of storage " + key + ")", null);
            }
            long count = ByteBuffer.wrap(countBytes).order(order).getLong();
            if (count < 0 || count > Long.MAX_VALUE / elementSize) {
                throw fail(file, "is corrupted (storage " + key + " claims " + count + " elements)", null);
            }
            long length = count * elementSize;
            if (needed.remove(key)) {
                data.put(key, readBytes(file, in, length, "storage " + key));
            } else {
                try {
                    in.skipNBytes(length);
                } catch (EOFException e) {
                    throw fail(file, "is truncated (it ends inside the data of storage " + key + ")", e);
                }
            }
        }
        if (!needed.isEmpty()) {
            throw fail(file, "lacks the data of storages " + needed, null);
        }
        return data;
    }

    private static Object unpickle(Path file, InputStream in, String what) throws CheckpointException {
        return unpickle(file, in, new TorchUnpickler(), what);
    }

    private static Object unpickle(Path file, InputStream in, TorchUnpickler unpickler, String what)
            throws CheckpointException {
        try {
            return unpickler.load(in);
        } catch (IOException | RuntimeException e) {
            throw fail(
                    file,
                    "is truncated or corrupted: its " + what + " could not be unpickled (" + e.getMessage() + ")",
                    e);
        }
    }

    private static byte[] readBytes(Path file, InputStream in, long length, String what)
            throws CheckpointException, IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw fail(file, "has " + what + " of " + length + " bytes, more than one array can hold", null);
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length) {
            throw fail(file, "is truncated (it ends inside the data of " + what + ")", null);
        }
        return bytes;
    }

    /** Finds the state dict in the saved object: the object itself or a training checkpoint's entry. */
    private static Map<String, TensorRef> locate(Path file, Object root) throws CheckpointException {
        if (root instanceof Map<?, ?> map) {
            Object nested = map.get(STATE_DICT_KEYS.get(0));
            if (nested instanceof Map<?, ?> m && holdsTensor(m)) {
                return asStateDict(file, m, STATE_DICT_KEYS.get(0));
            }
            if (map.isEmpty() || holdsTensor(map)) {
                return asStateDict(file, map, null);
            }
            for (String key : STATE_DICT_KEYS) {
                if (map.get(key) instanceof Map<?, ?> m && holdsTensor(m)) {
                    return asStateDict(file, m, key);
                }
            }
            List<String> keys = new ArrayList<>();
            map.keySet().forEach(k -> keys.add(String.valueOf(k)));
            throw fail(file, "holds no state dict (the saved dict has the keys " + keys + " and no tensors)", null);
        }
        if (root instanceof Opaque o && o.className.startsWith("__torch__.")) {
            throw fail(
                    file,
                    "is a TorchScript archive (torch.jit.save), not a saved state dict; "
                            + "save model.state_dict() with torch.save instead",
                    null);
        }
        throw fail(
                file,
                "holds no state dict (the saved object is " + typeName(root)
                        + "); save model.state_dict() with torch.save instead",
                null);
    }

    private static boolean holdsTensor(Map<?, ?> map) {
        for (Object v : map.values()) {
            if (v instanceof TensorRef) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, TensorRef> asStateDict(Path file, Map<?, ?> map, String where)
            throws CheckpointException {
        String in = where == null ? "the state dict" : "the state dict '" + where + "'";
        Map<String, TensorRef> refs = new LinkedHashMap<>();
        boolean allPrefixed = !map.isEmpty();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw fail(file, "has a key " + e.getKey() + " that is not a string in " + in, null);
            }
            if (!(e.getValue() instanceof TensorRef ref)) {
                throw fail(
                        file,
                        "has the entry '" + key + "' in " + in + " that is " + typeName(e.getValue())
                                + ", not a tensor",
                        null);
            }
            if (ref.scalar() == null) {
                throw fail(
                        file,
                        "has the tensor '" + key + "' with storage type "
                                + ref.storage().type().name() + ", which is not supported",
                        null);
            }
            refs.put(key, ref);
            allPrefixed &= key.startsWith(DATA_PARALLEL_PREFIX);
        }
        if (!allPrefixed) {
            return refs;
        }
        Map<String, TensorRef> stripped = new LinkedHashMap<>();
        refs.forEach((k, v) -> stripped.put(k.substring(DATA_PARALLEL_PREFIX.length()), v));
        return stripped;
    }

    private static StorageRef root(StorageRef storage) {
        return storage.root() != null ? storage.root() : storage;
    }

    /** Decodes each storage once and copies every tensor out of it in C order. */
    private static StateDict materialise(Path file, Map<String, TensorRef> refs, ByteOrder order, StorageBytes source)
            throws CheckpointException, IOException {
        Map<String, Object> decoded = new HashMap<>();
        List<TensorData> tensors = new ArrayList<>(refs.size());
        for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
            String name = e.getKey();
            TensorRef ref = e.getValue();
            ScalarType type = ref.scalar();
            long[] shape = ref.shape();
            long numel = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw fail(
                            file, "has the tensor '" + name + "' with a negative size " + Arrays.toString(shape), null);
                }
                numel = Math.multiplyExact(numel, d);
            }
            if (numel > Integer.MAX_VALUE - 8) {
                throw fail(
                        file,
                        "has the tensor '" + name + "' with " + numel + " elements, more than one array " + "can hold",
                        null);
            }
            StorageRef root = root(ref.storage());
            long offset =
                    ref.offset() + (ref.storage().root() != null ? ref.storage().offset() : 0);
            Object data = decoded.get(root.key() + "/" + type);
            if (data == null) {
                byte[] bytes = source.read(root);
                data = Storages.decode(bytes, type, order, bytes.length / type.size);
                decoded.put(root.key() + "/" + type, data);
            }
            int length = data instanceof float[] f ? f.length : ((long[]) data).length;
            if (numel > 0 && (offset < 0 || offset + Storages.extent(shape, ref.stride()) >= length)) {
                throw fail(
                        file, "has the tensor '" + name + "' reaching past the end of its storage " + root.key(), null);
            }
            Object values = Storages.gather(data, offset, shape, ref.stride(), (int) numel);
            tensors.add(new TensorData(
                    name,
                    type.dtype,
                    shape,
                    values instanceof float[] f ? f : null,
                    values instanceof long[] l ? l : null));
        }
        return StateDict.of(file.getFileName().toString(), tensors);
    }

    private static String typeName(Object o) {
        if (o == null) {
            return "None";
        } else if (o instanceof Opaque opaque) {
            return "a pickled " + opaque.className + " object";
        } else if (o instanceof Map) {
            return "a dict";
        } else if (o instanceof List) {
            return "a list";
        } else if (o instanceof Object[]) {
            return "a tuple";
        } else if (o instanceof String) {
            return "a string";
        } else if (o instanceof Number || o instanceof Boolean) {
            return "the number " + o;
        }
        return "a " + o.getClass().getSimpleName();
    }

    private static CheckpointException fail(Path file, String problem, Throwable cause) {
        return new CheckpointException("Checkpoint " + file + " " + problem + ".", cause);
    }
}
