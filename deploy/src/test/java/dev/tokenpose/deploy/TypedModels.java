package dev.tokenpose.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;

/**
 * Reads manifests into the operators' own Java models: the Flink Kubernetes Operator's API for
 * {@code FlinkDeployment}, Strimzi's API for {@code Kafka}, {@code KafkaNodePool} and
 * {@code KafkaTopic}, fabric8's models for core objects. A field the model does not know fails:
 * Jackson refuses it where a class has no catch-all, even where the class asks Jackson to ignore
 * unknown fields (the operator API's do); fabric8's and Strimzi's catch-all maps
 * ({@code additionalProperties}) must stay empty. A field the model marks required
 * ({@code @JsonProperty(required = true)}, as Strimzi's are) must be there.
 */
final class TypedModels {

    /** The model of each kind the manifests may hold. */
    static final Map<String, Class<?>> MODELS = Map.of(
            "FlinkDeployment", FlinkDeployment.class,
            "Kafka", Kafka.class,
            "KafkaNodePool", KafkaNodePool.class,
            "KafkaTopic", KafkaTopic.class,
            "Deployment", Deployment.class,
            "Service", Service.class,
            "ConfigMap", ConfigMap.class);

    /** Packages whose classes are walked for unknown and missing fields. */
    private static final List<String> MODEL_PACKAGES =
            List.of("io.fabric8.", "io.strimzi.", "org.apache.flink.kubernetes.");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setAnnotationIntrospector(new StrictIntrospector())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private TypedModels() {}

    /** Jackson's annotations, except that {@code @JsonIgnoreProperties(ignoreUnknown = true)} no longer holds. */
    private static final class StrictIntrospector extends JacksonAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
            JsonIgnoreProperties.Value v = super.findPropertyIgnoralByName(config, a);
            return v == null ? null : v.withoutIgnoreUnknown();
        }
    }

    /**
     * Reads a tree into a model class.
     *
     * @return the object
     * @throws IllegalArgumentException naming the unknown field or bad value Jackson refused, or
     *     the fields found unknown or missing by {@link #problems}
     */
    static <T> T read(JsonNode tree, Class<T> model) {
        T value;
        try {
            value = MAPPER.treeToValue(tree, model);
        } catch (Exception e) {
            throw new IllegalArgumentException(model.getSimpleName() + ": " + e.getMessage(), e);
        }
        List<String> problems = problems(value);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(model.getSimpleName() + ": " + problems);
        }
        return value;
    }

    /** Reads a manifest into the model of its kind. */
    static Object read(Manifest m) {
        Class<?> model = MODELS.get(m.kind());
        if (model == null) {
            throw new IllegalArgumentException(m + ": no typed model for kind '" + m.kind() + "'");
        }
        return read(m.tree(), model);
    }

    /** Unknown fields (caught by a catch-all map) and required fields that are missing, by path. */
    static List<String> problems(Object value) {
        List<String> out = new ArrayList<>();
        walk(value, "", out, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void walk(Object value, String path, List<String> out, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, out, seen));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object v : list) {
                walk(v, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        Class<?> c = value.getClass();
        if (c.isEnum() || MODEL_PACKAGES.stream().noneMatch(c.getName()::startsWith)) {
            return;
        }
        for (Method getter : c.getMethods()) {
            String property = property(getter);
            if (property == null) {
                continue;
            }
            Object child = invoke(getter, value);
            if (property.equals("additionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add("unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "top level" : path));
                }
                continue;
            }
            if (child == null && required(c, getter, property)) {
                out.add("missing required field " + path + "." + property);
            }
            walk(child, path + "." + property, out, seen);
        }
    }

    /** The bean property a public getter reads, or null if it is no getter. */
    private static String property(Method m) {
        if (m.getParameterCount() != 0
                || Modifier.isStatic(m.getModifiers())
                || m.getDeclaringClass() == Object.class) {
            return null;
        }
        String n = m.getName();
        String p = n.startsWith("get") && n.length() > 3
                ? n.substring(3)
                : n.startsWith("is") && n.length() > 2 ? n.substring(2) : null;
        return p == null ? null : Character.toLowerCase(p.charAt(0)) + p.substring(1);
    }

    private static boolean required(Class<?> c, Method getter, String property) {
        JsonProperty onGetter = getter.getAnnotation(JsonProperty.class);
        if (onGetter != null && onGetter.required()) {
            return true;
        }
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                Field f = k.getDeclaredField(property);
                JsonProperty onField = f.getAnnotation(JsonProperty.class);
                return onField != null && onField.required();
            } catch (NoSuchFieldException e) {
                // declared higher up, if at all
            }
        }
        return false;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null; // a computed getter that fails on a partial object says nothing about the fields
        }
    }
}
