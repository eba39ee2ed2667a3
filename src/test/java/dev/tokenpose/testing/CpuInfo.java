package dev.tokenpose.testing;

import dev.tokenpose.tf.CpuDescription;
import java.util.List;
import java.util.Locale;
import org.tensorflow.TensorFlow;

/**
 * The CPU and TensorFlow build a test runs on, for the assumptions and failure messages of tests
 * whose numbers depend on them: TensorFlow picks its kernels (oneDNN or Eigen, bfloat16 native,
 * emulated or absent) from the CPU's features.
 */
public final class CpuInfo {

    private static final CpuDescription CPU = CpuDescription.current();

    private CpuInfo() {}

    /** Whether the CPU reports this /proc/cpuinfo flag (e.g. {@code avx512_bf16}). */
    public static boolean has(String flag) {
        return CPU.has(flag);
    }

    /**
     * Whether TensorFlow uses oneDNN here. TensorFlow 2.18 on Linux turns it on for CPUs with
     * AVX512_VNNI, AVX512_BF16, AVX_VNNI or AMX unless {@code TF_ENABLE_ONEDNN_OPTS} says otherwise;
     * without it, the bfloat16 rewrite is not even registered and sessions stay float32.
     */
    public static boolean oneDnnOn() {
        return CPU.oneDnnOn(System.getenv());
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
            if (!(isa.startsWith("AVX512")
                    || isa.startsWith("AVX10")
                    || isa.equals("AVX2_VNNI_2")
                    || isa.equals("ALL")
                    || isa.equals("DEFAULT"))) {
                return false;
            }
        }
        return has("avx512f") || has("avx_ne_convert");
    }

    /** One line for a failure message: CPU model, the relevant flags, TensorFlow version and oneDNN state. */
    public static String describe() {
        StringBuilder env = new StringBuilder();
        for (String name : List.of("TF_ENABLE_ONEDNN_OPTS", "ONEDNN_MAX_CPU_ISA")) {
            if (System.getenv(name) != null) {
                env.append(' ').append(name).append('=').append(System.getenv(name));
            }
        }
        return String.format(
                Locale.ROOT,
                "CPU %s, TensorFlow %s, oneDNN %s%s",
                CPU.summary(),
                TensorFlow.version(),
                oneDnnOn() ? "on" : "off",
                env);
    }
}
