package dev.tokenpose.checkpoint;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code data.pkl} of a state dict byte for byte as Python's pickler does under
 * {@code torch.save}: protocol 2, an {@code OrderedDict} rebuilt by REDUCE and filled with
 * SETITEMS, every tensor a {@code torch._utils._rebuild_tensor_v2} call on a persistent storage id.
 *
 * <p>Memo slots are taken in the order Python's pickler takes them, and objects that Python shares
 * between tensors (the rebuild function, the storage classes, the strings {@code 'storage'} and
 * {@code 'cpu'}, the {@code OrderedDict} class) are fetched back with BINGET, so the output equals
 * torch's up to the state dict's {@code _metadata}, which is left out.
 */
final class StateDictPickler {

    /** One tensor to pickle; its data goes to the archive record {@code data/<storageKey>}. */
    record Item(String key, ScalarType type, long[] shape, String storageKey) {}

    // The protocol-2 opcodes torch's pickles use (pickle.py names).
    private static final int PROTO = 0x80;
    private static final int STOP = '.';
    private static final int MARK = '(';
    private static final int GLOBAL = 'c';
    private static final int BINPUT = 'q';
    private static final int LONG_BINPUT = 'r';
    private static final int BINGET = 'h';
    private static final int LONG_BINGET = 'j';
    private static final int BINUNICODE = 'X';
    private static final int BININT = 'J';
    private static final int BININT1 = 'K';
    private static final int BININT2 = 'M';
    private static final int LONG1 = 0x8a;
    private static final int EMPTY_TUPLE = ')';
    private static final int TUPLE = 't';
    private static final int TUPLE1 = 0x85;
    private static final int NEWFALSE = 0x89;
    private static final int REDUCE = 'R';
    private static final int BINPERSID = 'Q';
    private static final int SETITEM = 's';
    private static final int SETITEMS = 'u';

    /** Items per SETITEMS, as pickle's {@code _BATCHSIZE}. */
    private static final int BATCH_SIZE = 1000;
    /** Memo indices from here on need the 4-byte PUT and GET forms. */
    private static final int SHORT_MEMO_LIMIT = 256;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int memoSize;
    private int orderedDictClass = -1;
    private int rebuildTensor = -1;
    private int storageTag = -1;
    private int cpuLocation = -1;
    private final Map<ScalarType, Integer> storageClasses = new EnumMap<>(ScalarType.class);

    private StateDictPickler() {}

    /**
     * Pickles a state dict.
     *
     * @param items the tensors in state-dict order
     * @return the bytes of {@code data.pkl}
     */
    static byte[] pickle(List<Item> items) {
        StateDictPickler p = new StateDictPickler();
        p.op(PROTO);
        p.op(2);
        p.global("collections", "OrderedDict");
        p.orderedDictClass = p.put();
        p.op(EMPTY_TUPLE);
        p.op(REDUCE);
        p.put();
        // pickle's _batch_setitems: full batches under MARK ... SETITEMS, a lone last item with SETITEM.
        for (int from = 0; from < items.size(); from += BATCH_SIZE) {
            List<Item> batch = items.subList(from, Math.min(items.size(), from + BATCH_SIZE));
            if (batch.size() == 1) {
                p.entry(batch.get(0));
                p.op(SETITEM);
            } else {
                p.op(MARK);
                batch.forEach(p::entry);
                p.op(SETITEMS);
            }
        }
        p.op(STOP);
        return p.out.toByteArray();
    }

    /** C-order strides as torch computes them: a dimension of size 0 counts as 1. */
    static long[] contiguousStrides(long[] shape) {
        long[] stride = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            stride[d] = step;
            step *= Math.max(shape[d], 1);
        }
        return stride;
    }

    private void entry(Item item) {
        string(item.key());
        put();
        // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks)
        rebuildTensor = globalOnce(rebuildTensor, "torch._utils", "_rebuild_tensor_v2");
        op(MARK);
        // The persistent id ('storage', torch.<Type>Storage, key, 'cpu', numel).
        op(MARK);
        storageTag = stringOnce(storageTag, "storage");
        Integer cls = storageClasses.get(item.type());
        storageClasses.put(
                item.type(),
                globalOnce(cls == null ? -1 : cls, "torch", item.type().storageClass()));
        string(item.storageKey());
        put();
        cpuLocation = stringOnce(cpuLocation, "cpu");
        integer(TensorData.numel(item.shape()));
        op(TUPLE);
        put();
        op(BINPERSID);
        integer(0);
        tuple(item.shape());
        tuple(contiguousStrides(item.shape()));
        op(NEWFALSE);
        // The empty OrderedDict of backward hooks.
        get(orderedDictClass);
        op(EMPTY_TUPLE);
        op(REDUCE);
        put();
        op(TUPLE);
        put();
        op(REDUCE);
        put();
    }

    /** A tuple of ints as pickle saves it: empty unmemoised, up to three by TUPLEn, longer under MARK. */
    private void tuple(long[] values) {
        if (values.length == 0) {
            op(EMPTY_TUPLE);
            return;
        }
        if (values.length > 3) {
            op(MARK);
        }
        for (long v : values) {
            integer(v);
        }
        op(values.length > 3 ? TUPLE : TUPLE1 + values.length - 1);
        put();
    }

    /** An int in pickle's smallest binary form (save_long). */
    private void integer(long v) {
        if (v >= 0 && v <= 0xff) {
            op(BININT1);
            op((int) v);
        } else if (v >= 0 && v <= 0xffff) {
            op(BININT2);
            le(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op(BININT);
            le(v, 4);
        } else {
            // LONG1: minimal little-endian two's complement, as pickle's encode_long.
            byte[] be = BigInteger.valueOf(v).toByteArray();
            op(LONG1);
            op(be.length);
            for (int i = be.length - 1; i >= 0; i--) {
                op(be[i] & 0xff);
            }
        }
    }

    private void string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        op(BINUNICODE);
        le(utf8.length, 4);
        out.writeBytes(utf8);
    }

    private void global(String module, String name) {
        op(GLOBAL);
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes a shared string the first time and fetches it from the memo afterwards. */
    private int stringOnce(int memo, String s) {
        if (memo >= 0) {
            get(memo);
            return memo;
        }
        string(s);
        return put();
    }

    private int globalOnce(int memo, String module, String name) {
        if (memo >= 0) {
            get(memo);
            return memo;
        }
        global(module, name);
        return put();
    }

    /** Memoises the object on top of the stack; returns its memo index. */
    private int put() {
        int index = memoSize++;
        if (index < SHORT_MEMO_LIMIT) {
            op(BINPUT);
            op(index);
        } else {
            op(LONG_BINPUT);
            le(index, 4);
        }
        return index;
    }

    private void get(int index) {
        if (index < SHORT_MEMO_LIMIT) {
            op(BINGET);
            op(index);
        } else {
            op(LONG_BINGET);
            le(index, 4);
        }
    }

    private void le(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private void op(int b) {
        out.write(b);
    }
}
