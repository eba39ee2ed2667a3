package dev.tokenpose.tf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CPU a measurement ran on, as {@code /proc/cpuinfo} reports it: TensorFlow picks its kernels
 * (oneDNN or Eigen; bfloat16 native, emulated or absent) from these features, so rates and test
 * tolerances mean little without them.
 *
 * @param model the first {@code model name}, or {@value #UNKNOWN} where there is none (not Linux)
 * @param flags every flag of the first processor, in the order reported
 * @param logicalCpus processors listed (0 where unknown)
 */
public record CpuDescription(String model, Set<String> flags, int logicalCpus) {

    /** The model of a CPU whose description could not be read. */
    public static final String UNKNOWN = "unknown CPU";

    /**
     * Flags that decide TensorFlow's and oneDNN's kernels, in the order they are shown; every
     * {@code amx*} flag is shown too, after these.
     */
    public static final List<String> RELEVANT_FLAGS = List.of(
            "avx2",
            "fma",
            "avx512f",
            "avx512bw",
            "avx512vl",
            "avx512_vnni",
            "avx512_bf16",
            "avx512_fp16",
            "avx_vnni",
            "avx_ne_convert");

    private static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");

    public CpuDescription {
        flags = Collections.unmodifiableSet(new LinkedHashSet<>(flags));
    }

    /**
     * This machine's CPU.
     *
     * @return the description from {@code /proc/cpuinfo}, or an unknown CPU with no flags where that file does not exist
     * @throws UncheckedIOException if the file exists but cannot be read
     */
    public static CpuDescription current() {
        try {
            return parse(Files.readAllLines(PROC_CPUINFO));
        } catch (NoSuchFileException e) {
            return new CpuDescription(UNKNOWN, Set.of(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROC_CPUINFO, e);
        }
    }

    /**
     * Reads the text of {@code /proc/cpuinfo}.
     *
     * @param lines the file's lines
     * @return model and flags of the first processor that lists them, and the number of processors
     */
    public static CpuDescription parse(List<String> lines) {
        String model = UNKNOWN;
        Set<String> flags = new LinkedHashSet<>();
        int processors = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (key.equals("processor")) {
                processors++;
            } else if (key.equals("model name") && model.equals(UNKNOWN) && !value.isEmpty()) {
                model = value;
            } else if (key.equals("flags") && flags.isEmpty() && !value.isEmpty()) {
                flags.addAll(Arrays.asList(value.split("\\s+")));
            }
        }
        return new CpuDescription(model, flags, processors);
    }

    /** Whether the CPU reports this {@code /proc/cpuinfo} flag (e.g. {@code avx512_bf16}). */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** The flags of {@link #RELEVANT_FLAGS} this CPU has, in that order, then its {@code amx*} flags. */
    public List<String> relevantFlags() {
        List<String> out = new ArrayList<>();
        RELEVANT_FLAGS.stream().filter(this::has).forEach(out::add);
        flags.stream().filter(f -> f.startsWith("amx")).sorted().forEach(out::add);
        return out;
    }

    /**
     * Whether TensorFlow 2.18 uses oneDNN here: on Linux it turns oneDNN on for CPUs with
     * AVX512_VNNI, AVX512_BF16, AVX_VNNI or AMX unless {@code TF_ENABLE_ONEDNN_OPTS} says otherwise.
     *
     * @param env the process environment ({@code System.getenv()})
     * @return true where TensorFlow runs its oneDNN kernels
     */
    public boolean oneDnnOn(Map<String, String> env) {
        String setting = env.get("TF_ENABLE_ONEDNN_OPTS");
        if (setting != null && !setting.isBlank()) {
            String v = setting.strip().toLowerCase(Locale.ROOT);
            return v.equals("1") || v.equals("true");
        }
        return has("avx512_vnni")
                || has("avx512_bf16")
                || has("avx_vnni")
                || has("amx_tile")
                || has("amx_int8")
                || has("amx_bf16");
    }

    /**
     * Whether oneDNN runs bfloat16 natively here (AVX512_BF16 or AMX-BF16 instructions) rather than
     * emulating it, which is slower than float32.
     *
     * @param env the process environment ({@code System.getenv()})
     * @return true where bfloat16 mixed precision can pay off
     */
    public boolean nativeBfloat16(Map<String, String> env) {
        return oneDnnOn(env) && (has("avx512_bf16") || has("amx_bf16"));
    }

    /** One line: model, logical CPUs and the relevant flags, e.g. {@code AMD EPYC, 2 CPUs [avx2 fma avx512f]}. */
    public String summary() {
        List<String> shown = relevantFlags();
        return String.format(
                Locale.ROOT,
                "%s, %s [%s]",
                model,
                logicalCpus > 0 ? logicalCpus + " CPUs" : "CPUs unknown",
                shown.isEmpty() ? "no AVX2/AVX-512" : String.join(" ", shown));
    }
}
