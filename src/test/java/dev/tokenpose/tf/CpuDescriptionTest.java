package dev.tokenpose.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuDescriptionTest {

    /** Two processors of a Sapphire Rapids guest, abridged. */
    static final List<String> SAPPHIRE_RAPIDS = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Platinum 8488C
            flags\t\t: fpu sse2 avx fma avx2 amx_tile avx512f avx512dq avx512bw avx512vl avx512_vnni avx512_bf16 amx_bf16 amx_int8 avx512_fp16
            bogomips\t: 4800.00

            processor\t: 1
            model name\t: Intel(R) Xeon(R) Platinum 8488C
            flags\t\t: fpu
            """.lines().toList();

    @Test
    void shouldReadTheFirstProcessorsModelAndFlagsAndCountProcessors() {
        CpuDescription cpu = CpuDescription.parse(SAPPHIRE_RAPIDS);

        assertThat(cpu.model()).isEqualTo("Intel(R) Xeon(R) Platinum 8488C");
        assertThat(cpu.logicalCpus()).isEqualTo(2);
        assertThat(cpu.has("avx512_bf16")).isTrue();
        assertThat(cpu.has("avx512")).isFalse();
    }

    @Test
    void shouldShowTheKernelDecidingFlagsInAFixedOrderThenAmx() {
        CpuDescription cpu = CpuDescription.parse(SAPPHIRE_RAPIDS);

        assertThat(cpu.relevantFlags())
                .containsExactly(
                        "avx2",
                        "fma",
                        "avx512f",
                        "avx512bw",
                        "avx512vl",
                        "avx512_vnni",
                        "avx512_bf16",
                        "avx512_fp16",
                        "amx_bf16",
                        "amx_int8",
                        "amx_tile");
        assertThat(cpu.summary())
                .isEqualTo("Intel(R) Xeon(R) Platinum 8488C, 2 CPUs [avx2 fma avx512f avx512bw avx512vl "
                        + "avx512_vnni avx512_bf16 avx512_fp16 amx_bf16 amx_int8 amx_tile]");
    }

    @Test
    void shouldFollowTensorFlowsOneDnnDefaultUnlessTheEnvironmentSetsIt() {
        CpuDescription avx512Vnni = CpuDescription.parse(SAPPHIRE_RAPIDS);
        CpuDescription avx2Only = CpuDescription.parse(List.of("model name : Old", "flags : avx avx2 fma"));

        assertThat(avx512Vnni.oneDnnOn(Map.of())).isTrue();
        assertThat(avx2Only.oneDnnOn(Map.of())).isFalse();
        assertThat(avx512Vnni.oneDnnOn(Map.of("TF_ENABLE_ONEDNN_OPTS", "0"))).isFalse();
        assertThat(avx2Only.oneDnnOn(Map.of("TF_ENABLE_ONEDNN_OPTS", "1"))).isTrue();
    }

    @Test
    void shouldDescribeAnUnreadableCpuAsUnknown() {
        CpuDescription none = CpuDescription.parse(List.of());

        assertThat(none.model()).isEqualTo(CpuDescription.UNKNOWN);
        assertThat(none.relevantFlags()).isEmpty();
        assertThat(none.summary()).isEqualTo("unknown CPU, CPUs unknown [no AVX2/AVX-512]");
    }
}
