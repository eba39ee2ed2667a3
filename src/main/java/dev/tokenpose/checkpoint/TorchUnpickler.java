package dev.tokenpose.checkpoint;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler for {@code torch.save} output that resolves tensors and storages to lazy
 * references and turns every other unknown class into an inert {@link Opaque} object.
 *
 * <p>Globals are resolved here rather than through the library's static constructor registry, so
 * reading a checkpoint changes no process-wide state. Dicts are kept in insertion order, because
 * the order of a state dict is part of what it says.
 */
final class TorchUnpickler extends Unpickler {

    /** A storage class such as {@code torch.FloatStorage}; {@code scalar} is null when unsupported. */
    record StorageType(String name, ScalarType scalar, int elementSize) {}

    /** A storage named by a persistent id; a legacy view points into {@code root} at {@code offset}. */
    record StorageRef(String key, StorageType type, long numel, StorageRef root, long offset) {}

    /** A tensor whose data still lives in its storage; {@code dtype} overrides the storage's type. */
    record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride, ScalarType dtype) {

        ScalarType scalar() {
            return dtype != null ? dtype : storage.type().scalar();
        }
    }

    /** An instance of a class the reader does not know: its name, constructor arguments and state. */
    static final class Opaque {
        final String className;
        final Object[] args;
        Object state;

        Opaque(String className, Object[] args) {
            this.className = className;
            this.args = args;
        }

        @Override
        public String toString() {
            return className;
        }
    }

    /** A global that can be called (REDUCE / NEWOBJ) and is also a value when it is not. */
    private record Global(String name, IObjectConstructor body) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return body.construct(args);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Storages seen so far, by key; legacy readers look element sizes up here. */
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    Map<String, StorageRef> storages() {
        return storages;
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                String name = (String) stack.pop();
                String module = (String) stack.pop();
                stack.add(resolve(module, name));
            }
            case Opcodes.INST -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                List<Object> args = stack.pop_all_since_marker();
                stack.add(resolve(module, name).construct(args.toArray()));
            }
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                List<Object> items = stack.pop_all_since_marker();
                Map<Object, Object> map = new LinkedHashMap<>();
                putPairs(map, items);
                stack.add(map);
            }
            case Opcodes.SETITEMS -> {
                // The library collects these into a HashMap first, which would lose the order.
                List<Object> items = stack.pop_all_since_marker();
                @SuppressWarnings("unchecked")
                Map<Object, Object> map = (Map<Object, Object>) stack.peek();
                putPairs(map, items);
            }
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                build(stack.peek(), state);
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    private static void putPairs(Map<Object, Object> map, List<Object> items) {
        for (int i = 0; i + 1 < items.size(); i += 2) {
            map.put(items.get(i), items.get(i + 1));
        }
    }

    /** Applies BUILD state without failing: an OrderedDict's {@code _metadata} is simply dropped. */
    private static void build(Object target, Object state) {
        if (target instanceof Opaque o) {
            o.state = state;
        } else if (target != null && !(target instanceof Map) && state != null) {
            try {
                Method m = target.getClass().getMethod("__setstate__", state.getClass());
                m.invoke(target, state);
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // State of objects outside the state dict is not needed.
            }
        }
    }

    private Global resolve(String module, String name) {
        String full = module + "." + name;
        switch (full) {
            case "collections.OrderedDict":
                return new Global(full, args -> new LinkedHashMap<>());
            case "torch._utils._rebuild_tensor":
            case "torch._utils._rebuild_tensor_v2":
                return new Global(full, args -> tensor(args, null));
            case "torch._utils._rebuild_tensor_v3":
                return new Global(full, args -> tensor(args, args.length > 6 ? args[6] : null));
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                return new Global(full, args -> args[0]);
            case "torch._tensor._rebuild_from_type_v2":
            case "torch._utils._rebuild_from_type_v2":
                // (func, type, args, state): the tensor subclass is irrelevant for its data.
                return new Global(full, args -> ((IObjectConstructor) args[0]).construct((Object[]) args[2]));
            default:
                break;
        }
        if ((module.equals("torch") || module.equals("torch.cuda")) && name.endsWith("Storage")) {
            ScalarType scalar = ScalarType.forStorageClass(name);
            int size = scalar != null ? scalar.size : ScalarType.unsupportedElementSize(name);
            StorageType type = new StorageType(full, scalar, size);
            return new Global(full, args -> type);
        }
        if (module.equals("torch") && ScalarType.forDtypeName(name) != null) {
            ScalarType dtype = ScalarType.forDtypeName(name);
            return new Global(full, args -> dtype);
        }
        IObjectConstructor known = objectConstructors.get(full);
        if (known != null) {
            return new Global(full, known);
        }
        return new Global(full, args -> new Opaque(full, args));
    }

    private static TensorRef tensor(Object[] args, Object dtype) {
        if (!(args[0] instanceof StorageRef storage)) {
            throw new PickleException("a tensor refers to " + args[0] + " instead of a storage");
        }
        long offset = ((Number) args[1]).longValue();
        long[] shape = longs((Object[]) args[2]);
        long[] stride = longs((Object[]) args[3]);
        if (shape.length != stride.length) {
            throw new PickleException("a tensor has " + shape.length + " sizes but " + stride.length + " strides");
        }
        ScalarType override = null;
        if (dtype instanceof Global g) {
            Object resolved = g.construct(new Object[0]);
            override = resolved instanceof ScalarType s ? s : null;
        }
        return new TensorRef(storage, offset, shape, stride, override);
    }

    private static long[] longs(Object[] tuple) {
        long[] out = new long[tuple.length];
        for (int i = 0; i < tuple.length; i++) {
            out[i] = ((Number) tuple[i]).longValue();
        }
        return out;
    }

    /**
     * Resolves {@code ('storage', type, key, location, numel[, view_metadata])}; the legacy view
     * metadata {@code (view_key, offset, view_size)} makes a window onto the root storage.
     */
    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] id) || id.length < 5 || !"storage".equals(id[0])) {
            throw new PickleException("unknown persistent id " + describe(pid));
        }
        StorageType type = storageType(id[1]);
        String key = String.valueOf(id[2]);
        long numel = ((Number) id[4]).longValue();
        StorageRef root = storages.computeIfAbsent(key, k -> new StorageRef(k, type, numel, null, 0));
        if (id.length > 5 && id[5] instanceof Object[] view) {
            String viewKey = String.valueOf(view[0]);
            long viewOffset = ((Number) view[1]).longValue();
            long viewSize = ((Number) view[2]).longValue();
            return new StorageRef(viewKey, type, viewSize, root, viewOffset);
        }
        return root;
    }

    private static StorageType storageType(Object global) {
        if (global instanceof Global g) {
            Object resolved = g.construct(new Object[0]);
            if (resolved instanceof StorageType t) {
                return t;
            }
            return new StorageType(g.name(), null, 0);
        }
        return new StorageType(String.valueOf(global), null, 0);
    }

    private static String describe(Object pid) {
        return pid instanceof Object[] a ? Arrays.deepToString(a) : String.valueOf(pid);
    }
}
