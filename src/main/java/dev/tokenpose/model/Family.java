package dev.tokenpose.model;

/** The four TokenPose network families of the official code, by model name in the YAML. */
public enum Family {
    /** {@code pose_tokenpose_t}: pixel patches, no CNN. */
    T("pose_tokenpose_t", "transformer."),
    /** {@code pose_tokenpose_s}: ResNet stem + layer1, then patches (S-v1, S-v2). */
    S("pose_tokenpose_s", "features."),
    /** {@code pose_tokenpose_b}: HRNet stages 1–3, then one encoder. */
    B("pose_tokenpose_b", "transformer."),
    /** {@code pose_tokenpose_l}: HRNet stages 1–3, three encoders, keypoint-token fusion. */
    L("pose_tokenpose_l", "transformer.");

    private final String modelName;
    private final String tokenPrefix;

    Family(String modelName, String tokenPrefix) {
        this.modelName = modelName;
        this.tokenPrefix = tokenPrefix;
    }

    /** The {@code MODEL.NAME} of the official experiment YAMLs. */
    public String modelName() {
        return modelName;
    }

    /** State-dict prefix of the token/transformer part. */
    public String tokenPrefix() {
        return tokenPrefix;
    }

    /** Whether a HRNet front end ({@code pre_feature.*}) feeds the patches. */
    public boolean usesHrnet() {
        return this == B || this == L;
    }

    /** Looks a family up by its {@code MODEL.NAME}. */
    public static Family fromModelName(String name) {
        for (Family f : values()) {
            if (f.modelName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new ModelConfigException("unknown MODEL.NAME '" + name
                + "' (expected pose_tokenpose_t, pose_tokenpose_s, pose_tokenpose_b or pose_tokenpose_l)");
    }
}
