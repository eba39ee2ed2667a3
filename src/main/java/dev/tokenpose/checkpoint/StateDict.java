package dev.tokenpose.checkpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The tensors of a PyTorch {@code state_dict}, by name, in the order the checkpoint lists them. */
public final class StateDict {

    /** How many names of each kind a mismatch message lists before it only counts the rest. */
    private static final int LISTED = 20;
    /** BatchNorm counters: older checkpoints lack them and inference never reads them. */
    private static final String IGNORED_SUFFIX = "num_batches_tracked";

    private final String source;
    private final Map<String, TensorData> tensors;

    private StateDict(String source, Map<String, TensorData> tensors) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * A state dict holding the given tensors, keyed by their names.
     *
     * @param source what the tensors came from, used in messages (a file name, say)
     * @param tensors the tensors, in order
     * @return the state dict
     * @throws IllegalArgumentException if two tensors have the same name
     */
    public static StateDict of(String source, Collection<TensorData> tensors) {
        Map<String, TensorData> map = new LinkedHashMap<>();
        for (TensorData t : tensors) {
            if (map.put(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate state-dict key " + t.name());
            }
        }
        return new StateDict(Objects.requireNonNull(source, "source"), map);
    }

    /**
     * Tells what the tensors came from, for messages.
     *
     * @return the checkpoint's file name, for instance
     */
    public String source() {
        return source;
    }

    /**
     * Counts the entries.
     *
     * @return the number of entries
     */
    public int size() {
        return tensors.size();
    }

    /**
     * Lists the keys.
     *
     * @return the keys in checkpoint order, unmodifiable
     */
    public Set<String> keys() {
        return tensors.keySet();
    }

    /**
     * Lists the tensors.
     *
     * @return the tensors in checkpoint order, unmodifiable
     */
    public Collection<TensorData> tensors() {
        return tensors.values();
    }

    /**
     * Whether there is an entry with this key.
     *
     * @param key the state-dict key
     * @return true if present
     */
    public boolean contains(String key) {
        return tensors.containsKey(key);
    }

    /**
     * One entry.
     *
     * @param key the state-dict key
     * @return the tensor
     * @throws IllegalArgumentException if there is no such entry
     */
    public TensorData get(String key) {
        TensorData t = tensors.get(key);
        if (t == null) {
            throw new IllegalArgumentException(source + " has no entry " + key);
        }
        return t;
    }

    /**
     * The values of one entry as float32 in C order (see {@link TensorData#floats()}).
     *
     * @param key the state-dict key
     * @return the values; do not modify
     * @throws IllegalArgumentException if there is no such entry
     */
    public float[] floats(String key) {
        return get(key).floats();
    }

    /**
     * The values of one integer entry in C order (see {@link TensorData#longs()}).
     *
     * @param key the state-dict key
     * @return the values; do not modify
     * @throws IllegalArgumentException if there is no such entry
     * @throws IllegalStateException if the entry is floating-point
     */
    public long[] longs(String key) {
        return get(key).longs();
    }

    /**
     * The shape of one entry.
     *
     * @param key the state-dict key
     * @return the dimensions, outermost first
     * @throws IllegalArgumentException if there is no such entry
     */
    public long[] shape(String key) {
        return get(key).shape();
    }

    /**
     * The stored element type of one entry, such as {@code float32}.
     *
     * @param key the state-dict key
     * @return PyTorch's dtype name
     * @throws IllegalArgumentException if there is no such entry
     */
    public String dtype(String key) {
        return get(key).dtype();
    }

    /**
     * The entries under a prefix, with the prefix removed from their keys; entries without it are
     * left out. {@code withoutPrefix("module.")} undoes a DataParallel wrapper, and
     * {@code withoutPrefix("transformer.")} selects a sub-module.
     *
     * @param prefix the key prefix, usually ending in a dot
     * @return a new state dict
     */
    public StateDict withoutPrefix(String prefix) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (TensorData t : tensors.values()) {
            if (t.name().startsWith(prefix)) {
                String key = t.name().substring(prefix.length());
                out.put(key, t.withName(key));
            }
        }
        return new StateDict(source, out);
    }

    /**
     * Checks that the entries are exactly the ones a model expects, with the expected shapes.
     * Keys ending in {@code num_batches_tracked} are ignored on both sides.
     *
     * @param expected the model's parameter and buffer shapes by key
     * @throws CheckpointException naming every missing, unexpected and mis-shaped key (the first
     *     {@value #LISTED} of each, then a count)
     */
    public void validate(Map<String, long[]> expected) throws CheckpointException {
        List<String> missing = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String key = e.getKey();
            if (key.endsWith(IGNORED_SUFFIX)) {
                continue;
            }
            TensorData t = tensors.get(key);
            if (t == null) {
                missing.add(key);
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                misshaped.add(key + " (expected " + Arrays.toString(e.getValue()) + ", found "
                        + Arrays.toString(t.shape()) + ")");
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : tensors.keySet()) {
            if (!key.endsWith(IGNORED_SUFFIX) && !expected.containsKey(key)) {
                unexpected.add(key);
            }
        }
        if (missing.isEmpty() && unexpected.isEmpty() && misshaped.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        describe(parts, missing, "missing key", "missing keys");
        describe(parts, unexpected, "unexpected key", "unexpected keys");
        describe(parts, misshaped, "key with the wrong shape", "keys with the wrong shape");
        throw new CheckpointException(source + " does not match the model: " + String.join("; ", parts) + ".");
    }

    private static void describe(List<String> parts, List<String> keys, String one, String many) {
        if (keys.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(keys.size()).append(' ').append(keys.size() == 1 ? one : many).append(": ");
        sb.append(String.join(", ", keys.subList(0, Math.min(LISTED, keys.size()))));
        if (keys.size() > LISTED) {
            sb.append(" and ").append(keys.size() - LISTED).append(" more");
        }
        parts.add(sb.toString());
    }

    @Override
    public String toString() {
        return "StateDict[" + source + ", " + tensors.size() + " entries]";
    }
}
