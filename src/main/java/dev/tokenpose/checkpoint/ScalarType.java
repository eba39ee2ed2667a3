package dev.tokenpose.checkpoint;

import java.util.HashMap;
import java.util.Map;

/** The element types the reader can decode, with PyTorch's names for them. */
enum ScalarType {
    FLOAT32("float32", 4, true, "FloatStorage", "float", "float32"),
    FLOAT64("float64", 8, true, "DoubleStorage", "double", "float64"),
    FLOAT16("float16", 2, true, "HalfStorage", "half", "float16"),
    BFLOAT16("bfloat16", 2, true, "BFloat16Storage", "bfloat16"),
    INT64("int64", 8, false, "LongStorage", "long", "int64"),
    INT32("int32", 4, false, "IntStorage", "int", "int32"),
    INT16("int16", 2, false, "ShortStorage", "short", "int16"),
    INT8("int8", 1, false, "CharStorage", "int8"),
    UINT8("uint8", 1, false, "ByteStorage", "uint8"),
    BOOL("bool", 1, false, "BoolStorage", "bool");

    private static final Map<String, ScalarType> BY_STORAGE = new HashMap<>();
    private static final Map<String, ScalarType> BY_DTYPE = new HashMap<>();
    /** Element sizes of storage types that exist in PyTorch but are not decoded here. */
    private static final Map<String, Integer> UNSUPPORTED_SIZES = Map.of(
            "ComplexFloatStorage", 8,
            "ComplexDoubleStorage", 16,
            "ComplexHalfStorage", 4,
            "QInt8Storage", 1,
            "QUInt8Storage", 1,
            "QInt32Storage", 4,
            "QUInt4x2Storage", 1,
            "QUInt2x4Storage", 1);

    static {
        for (ScalarType t : values()) {
            BY_STORAGE.put(t.storageClass, t);
            for (String alias : t.dtypeNames) {
                BY_DTYPE.put(alias, t);
            }
        }
        // Untyped storages hold raw bytes; tensors on them name their dtype separately.
        BY_STORAGE.put("UntypedStorage", UINT8);
    }

    final String dtype;
    final int size;
    final boolean floating;
    private final String storageClass;
    private final String[] dtypeNames;

    ScalarType(String dtype, int size, boolean floating, String storageClass, String... dtypeNames) {
        this.dtype = dtype;
        this.size = size;
        this.floating = floating;
        this.storageClass = storageClass;
        this.dtypeNames = dtypeNames;
    }

    /** PyTorch's storage class for this type, such as {@code FloatStorage} (in module {@code torch}). */
    String storageClass() {
        return storageClass;
    }

    /** The type of a storage class such as {@code FloatStorage}, or null when not supported. */
    static ScalarType forStorageClass(String name) {
        return BY_STORAGE.get(name);
    }

    /** The type named by a {@code torch.<dtype>} global such as {@code float32}, or null. */
    static ScalarType forDtypeName(String name) {
        return BY_DTYPE.get(name);
    }

    /** Element size of an unsupported storage class, or 0 when unknown. */
    static int unsupportedElementSize(String storageClass) {
        return UNSUPPORTED_SIZES.getOrDefault(storageClass, 0);
    }
}
