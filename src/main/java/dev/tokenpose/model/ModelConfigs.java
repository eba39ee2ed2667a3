package dev.tokenpose.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads model configurations from official experiment YAMLs and provides the released variants as presets. */
public final class ModelConfigs {

    private static final HrnetStage W32_STAGE2 = new HrnetStage(1, new int[] {4, 4}, new int[] {32, 64});
    private static final HrnetStage W32_STAGE3 = new HrnetStage(4, new int[] {4, 4, 4}, new int[] {32, 64, 128});
    private static final HrnetStage W48_STAGE2 = new HrnetStage(1, new int[] {4, 4}, new int[] {48, 96});
    private static final HrnetStage W48_STAGE3 = new HrnetStage(4, new int[] {4, 4, 4}, new int[] {48, 96, 192});

    /** The released configurations of the official repository, by variant name. */
    private static final Map<String, ModelConfig> PRESETS = new LinkedHashMap<>();

    static {
        add(new ModelConfig(
                "T", Family.T, 192, 256, 48, 64, 12, 16, 192, 12, 16, 3, 17, 3, -1, "sine-full", null, null));
        add(new ModelConfig(
                "S-v1", Family.S, 192, 256, 48, 64, 3, 4, 192, 12, 8, 3, 17, 32, -1, "sine-full", null, null));
        add(new ModelConfig(
                "S-v2", Family.S, 192, 256, 48, 64, 2, 2, 192, 12, 8, 3, 17, 32, -1, "sine-full", null, null));
        add(new ModelConfig(
                "B", Family.B, 192, 256, 48, 64, 3, 4, 192, 12, 8, 3, 17, 32, -1, "sine-full", W32_STAGE2, W32_STAGE3));
        add(new ModelConfig(
                "L-D24",
                Family.L,
                192,
                256,
                48,
                64,
                3,
                4,
                192,
                8,
                12,
                3,
                17,
                48,
                384,
                "sine-full",
                W48_STAGE2,
                W48_STAGE3));
        add(new ModelConfig(
                "L-D24-384x288",
                Family.L,
                288,
                384,
                72,
                96,
                4,
                6,
                192,
                8,
                12,
                3,
                17,
                48,
                384,
                "sine-full",
                W48_STAGE2,
                W48_STAGE3));
        add(new ModelConfig(
                "L-D6-MPII",
                Family.L,
                256,
                256,
                64,
                64,
                4,
                4,
                192,
                2,
                8,
                3,
                16,
                48,
                384,
                "sine-full",
                W48_STAGE2,
                W48_STAGE3));
    }

    private ModelConfigs() {}

    private static void add(ModelConfig c) {
        PRESETS.put(key(c.name()), c);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replace('/', '-').replace('_', '-');
    }

    /** Names of the built-in presets. */
    public static List<String> presetNames() {
        return PRESETS.values().stream().map(ModelConfig::name).toList();
    }

    /**
     * The built-in configuration of a released variant.
     *
     * @param variant T, S-v1, S-v2, B, L-D24, L-D24-384x288 or L-D6-MPII (case and / or - ignored)
     * @return its configuration
     * @throws ModelConfigException for an unknown name
     */
    public static ModelConfig preset(String variant) {
        ModelConfig c = PRESETS.get(key(variant));
        if (c == null) {
            throw new ModelConfigException(
                    "unknown variant '" + variant + "' (known: " + String.join(", ", presetNames()) + ")");
        }
        return c;
    }

    /**
     * A configuration given as a preset name or as the path of an official experiment YAML.
     *
     * @param spec a variant name or a YAML path
     * @return the configuration
     * @throws ModelConfigException if it is neither, or the YAML is unusable
     */
    public static ModelConfig resolve(String spec) {
        Path p = Path.of(spec);
        if (spec.equals(BundledStudent.NAME) && !Files.exists(p)) {
            return BundledStudent.config();
        }
        if (PRESETS.containsKey(key(spec)) && !Files.exists(p)) {
            return preset(spec);
        }
        return fromYaml(p);
    }

    /**
     * Reads an official experiment YAML (or a merged config of the same layout).
     *
     * @param file the YAML file
     * @return its model configuration
     * @throws ModelConfigException if the file is missing, not YAML, or lacks a key the model needs
     */
    public static ModelConfig fromYaml(Path file) {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (NoSuchFileException e) {
            throw new ModelConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ModelConfigException("cannot read config " + file + ": " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new ModelConfigException(
                    "config " + file + " is not valid YAML: "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("MODEL") instanceof Map<?, ?> model)) {
            throw new ModelConfigException("config " + file + " has no MODEL section");
        }
        String fileName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        try {
            return fromModelSection(fileName, model);
        } catch (ModelConfigException e) {
            throw new ModelConfigException("config " + file + ": " + e.getMessage(), e);
        }
    }

    static ModelConfig fromModelSection(String name, Map<?, ?> m) {
        Family family = Family.fromModelName(string(m, "NAME", null));
        int[] image = pair(m, "IMAGE_SIZE");
        int[] heatmap = pair(m, "HEATMAP_SIZE");
        int[] patch = pair(m, "PATCH_SIZE");
        HrnetStage s2 = null;
        HrnetStage s3 = null;
        if (family.usesHrnet()) {
            if (!(m.get("EXTRA") instanceof Map<?, ?> extra)) {
                throw new ModelConfigException("MODEL.EXTRA (HRNet stages) is missing");
            }
            s2 = stage(extra, "STAGE2");
            s3 = stage(extra, "STAGE3");
        }
        return new ModelConfig(
                name,
                family,
                image[0],
                image[1],
                heatmap[0],
                heatmap[1],
                patch[0],
                patch[1],
                integer(m, "DIM", null),
                integer(m, "TRANSFORMER_DEPTH", null),
                integer(m, "TRANSFORMER_HEADS", null),
                integer(m, "TRANSFORMER_MLP_RATIO", 3),
                integer(m, "NUM_JOINTS", 17),
                integer(m, "BASE_CHANNEL", 32),
                integer(m, "HIDDEN_HEATMAP_DIM", -1),
                string(m, "POS_EMBEDDING_TYPE", "sine-full"),
                s2,
                s3);
    }

    private static HrnetStage stage(Map<?, ?> extra, String key) {
        if (!(extra.get(key) instanceof Map<?, ?> s)) {
            throw new ModelConfigException("MODEL.EXTRA." + key + " is missing");
        }
        int[] blocks = ints(s, "NUM_BLOCKS");
        int[] channels = ints(s, "NUM_CHANNELS");
        Object block = s.get("BLOCK");
        if (block != null && !"BASIC".equalsIgnoreCase(block.toString())) {
            throw new ModelConfigException("MODEL.EXTRA." + key + ".BLOCK " + block + " is not supported (BASIC only)");
        }
        int branches = integer(s, "NUM_BRANCHES", channels.length);
        if (branches != channels.length) {
            throw new ModelConfigException("MODEL.EXTRA." + key + ".NUM_BRANCHES " + branches
                    + " does not match NUM_CHANNELS " + channels.length);
        }
        return new HrnetStage(integer(s, "NUM_MODULES", null), blocks, channels);
    }

    private static int[] pair(Map<?, ?> m, String key) {
        int[] v = ints(m, key);
        if (v.length != 2) {
            throw new ModelConfigException("MODEL." + key + " must be [width, height], got " + v.length + " values");
        }
        return v;
    }

    private static int[] ints(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> list)) {
            throw new ModelConfigException("MODEL." + key + " is missing or not a list");
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asInt(list.get(i), key);
        }
        return out;
    }

    private static int integer(Map<?, ?> m, String key, Integer fallback) {
        Object v = m.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new ModelConfigException("MODEL." + key + " is missing");
            }
            return fallback;
        }
        return asInt(v, key);
    }

    private static int asInt(Object v, String key) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new ModelConfigException("MODEL." + key + " must be an integer, got '" + v + "'");
    }

    private static String string(Map<?, ?> m, String key, String fallback) {
        Object v = m.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new ModelConfigException("MODEL." + key + " is missing");
            }
            return fallback;
        }
        return v.toString();
    }
}
