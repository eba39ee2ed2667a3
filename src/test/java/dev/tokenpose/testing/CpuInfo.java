package dev.tokenpose.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.tensorflow.TensorFlow;

/**
 * The CPU and TensorFlow build a test runs on, for the assumptions and failure messages of tests
 * whose numbers depend on them: TensorFlow picks its kernels (oneDNN or Eigen, bfloat16 native,
 * emulated or absent) from the CPU's features.
 */
public final class CpuInfo {

    /** Flags that decide TensorFlow's and oneDNN's kernels; the rest of /proc/cpuinfo does not matter here. */
    private static final List<String> RELEVANT = List.of("avx2", "fma", "avx512", "amx", "avx_vnni", "avx_ne_convert");

    private static final String MODEL;
    private static final Set<String> FLAGS;

    static {
        String model = "unknown CPU";
        Set<String> flags = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                if (key.equals("model name") && model.equals("unknown CPU")) {
                    model = value;
                } else if (key.equals("flags") && flags.isEmpty()) {
                    flags.addAll(Arrays.asList(value.split("\\s+")));
                }
            }
        } catch (IOException e) {
            // Not Linux: the description says so, and oneDnnOn() is false as TensorFlow's is.
        }
        MODEL = model;
        FLAGS = flags;
    }

    private CpuInfo() {}

    /** Whether the CPU reports this /proc/cpuinfo flag (e.g. {@code avx512_bf16}). */
    public static boolean has(String flag) {
        return FLAGS.contains(flag);
    }

    /**
     * Whether TensorFlow uses oneDNN here. TensorFlow 2.18 on Linux turns it on for CPUs with
     * AVX512_VNNI, AVX512_BF16, AVX_VNNI or AMX unless {@code TF_ENABLE_ONEDNN_OPTS} says otherwise;
     * without it, the bfloat16 rewrite is not even registered and sessions stay float32.
     */
    public static boolean oneDnnOn() {
        String env = System.getenv("TF_ENABLE_ONEDNN_OPTS");
        if (env != null && !env.isBlank()) {
            String v = env.strip().toLowerCase(Locale.ROOT);
            return v.equals("1") || v.equals("true");
        }
        return has("avx512_vnni") || has("avx512_bf16") || has("avx_vnni") || has("amx_tile") || has("amx_int8")
                || has("amx_bf16");
    }

    /**
     * Whether oneDNN runs bfloat16 on this CPU: natively with AVX512_BF16 or AMX, emulated in float32
     * registers on any other AVX-512 CPU, or through AVX-NE-CONVERT. TensorFlow checks the same
     * flags, but not {@code ONEDNN_MAX_CPU_ISA}: capped below that, oneDNN aborts the process.
     */
    public static boolean oneDnnHasBfloat16() {
        String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
        if (cap != null && !cap.isBlank()) {
            String isa = cap.strip().toUpperCase(Locale.ROOT);
            if (!(isa.startsWith("AVX512") || isa.startsWith("AVX10") || isa.equals("AVX2_VNNI_2") || isa.equals("ALL")
                    || isa.equals("DEFAULT"))) {
                return false;
            }
        }
        return has("avx512f") || has("avx_ne_convert");
    }

    /** One line for a failure message: CPU model, the relevant flags, TensorFlow version and oneDNN state. */
    public static String describe() {
        String flags = FLAGS.stream().filter(f -> RELEVANT.stream().anyMatch(f::startsWith)).collect(Collectors.joining(" "));
        StringBuilder env = new StringBuilder();
        for (String name : List.of("TF_ENABLE_ONEDNN_OPTS", "ONEDNN_MAX_CPU_ISA")) {
            if (System.getenv(name) != null) {
                env.append(' ').append(name).append('=').append(System.getenv(name));
            }
        }
        return String.format(Locale.ROOT, "CPU %s [%s], TensorFlow %s, oneDNN %s%s", MODEL, flags.isEmpty() ? "no AVX2/AVX-512" : flags,
                TensorFlow.version(), oneDnnOn() ? "on" : "off", env);
    }
}
