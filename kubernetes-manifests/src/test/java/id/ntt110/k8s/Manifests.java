package id.ntt110.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads Kubernetes manifests into the fabric8 API model. Every known kind is bound to its typed class, and a field
 * the API does not know (a typo, a wrong indentation) fails the parse instead of being silently kept aside.
 */
final class Manifests {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("k8s");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<? extends HasMetadata>> TYPED = Map.of(
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", io.fabric8.kubernetes.api.model.Secret.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", Ingress.class);
    /**
     * Custom resources of CloudNativePG, of the Keycloak Operator and of the Prometheus Operator, which the fabric8 model
     * does not describe: checked field by field instead (KubernetesManifestsTest, ProductionRealmTest).
     */
    static final Set<String> CUSTOM = Set.of("postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/Database",
            "k8s.keycloak.org/v2alpha1/Keycloak", "k8s.keycloak.org/v2alpha1/KeycloakRealmImport",
            "monitoring.coreos.com/v1/PodMonitor", "monitoring.coreos.com/v1/PrometheusRule");

    private Manifests() {
    }

    /** The documents of a YAML stream (split on "---" lines: Jackson would unwrap a document that is a list). */
    static List<JsonNode> readDocuments(String yaml) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            for (String part : yaml.split("(?m)^---\\s*$")) {
                JsonNode doc = YAML.readTree(part);
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one manifest strictly: its kind must be known and every field must exist in the API model. */
    static HasMetadata parse(JsonNode doc, String where) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        try {
            if (CUSTOM.contains(key)) {
                return YAML.treeToValue(doc, GenericKubernetesResource.class);
            }
            Class<? extends HasMetadata> type = TYPED.get(key);
            if (type == null) {
                throw new AssertionError(where + ": unexpected kind " + key + " (known: " + TYPED.keySet() + ", " + CUSTOM + ")");
            }
            HasMetadata parsed = YAML.treeToValue(doc, type);
            List<String> unknown = new ArrayList<>();
            unknownFields(parsed, key, unknown, new IdentityHashMap<>());
            if (!unknown.isEmpty()) {
                throw new AssertionError(where + ": fields the Kubernetes API does not have: " + unknown);
            }
            return parsed;
        } catch (IOException e) {
            throw new AssertionError(where + ": not a valid " + key + ": " + e.getMessage(), e);
        }
    }

    static List<HasMetadata> parseAll(List<JsonNode> docs, String where) {
        List<HasMetadata> parsed = new ArrayList<>();
        for (JsonNode doc : docs) {
            parsed.add(parse(doc, where + " " + doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText()));
        }
        return parsed;
    }

    /** fabric8 keeps fields it does not know in additionalProperties; any there is a field the API would reject. */
    private static void unknownFields(Object node, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (!(node instanceof KubernetesResource) && !node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                if (getter.getName().equals("getAdditionalProperties")) {
                    Map<?, ?> extra = (Map<?, ?>) getter.invoke(node);
                    if (extra != null) {
                        extra.keySet().forEach(k -> unknown.add(path + "." + k));
                    }
                } else if (getter.getName().startsWith("get") && !getter.getName().equals("getClass")) {
                    unknownFields(getter.invoke(node), path + "." + Character.toLowerCase(getter.getName().charAt(3))
                            + getter.getName().substring(4), unknown, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The base as kustomize would render it, for machines without kubectl: the resources listed in
     * k8s/base/kustomization.yaml, the ConfigMaps of its configMapGenerator (from files; named as written, where kustomize
     * appends a hash of the content to the name and to every reference), with its JSON patches applied to their targets'
     * kind. (The overlays need kubectl.)
     */
    static List<JsonNode> renderBaseWithoutKubectl() {
        Path base = K8S.resolve("base");
        JsonNode kustomization = readDocuments(read(base.resolve("kustomization.yaml"))).get(0);
        List<JsonNode> docs = resources(base, kustomization);
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            ObjectNode configMap = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
            configMap.putObject("metadata").put("name", generator.path("name").asText());
            ObjectNode data = configMap.putObject("data");
            for (JsonNode file : generator.path("files")) {
                String[] keyAndPath = file.asText().split("=", 2);
                String path = keyAndPath[keyAndPath.length - 1];
                data.put(keyAndPath.length == 2 ? keyAndPath[0] : Path.of(path).getFileName().toString(), read(base.resolve(path)));
            }
            if (generator.has("literals") || generator.has("envs")) {
                throw new AssertionError("configMapGenerator " + generator.path("name") + ": this renderer only knows files");
            }
            docs.add(configMap);
        }
        for (JsonNode patch : kustomization.path("patches")) {
            JsonNode operations = readDocuments(read(base.resolve(patch.path("path").asText()))).get(0);
            if (!operations.isArray()) {
                throw new AssertionError("base patch " + patch + " is not a JSON patch; this renderer only knows those");
            }
            String kind = patch.path("target").path("kind").asText();
            for (int i = 0; i < docs.size(); i++) {
                if (docs.get(i).path("kind").asText().equals(kind)) {
                    docs.set(i, JsonPatch.apply((ArrayNode) operations, docs.get(i)));
                }
            }
        }
        return docs;
    }

    /** The documents of a kustomization's (or component's) resources, as written. */
    static List<JsonNode> resources(Path dir, JsonNode kustomization) {
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            docs.addAll(readDocuments(read(dir.resolve(resource.asText()))));
        }
        return docs;
    }

    /** {@code kubectl kustomize DIR} (kubectl from $KUBECTL, else the PATH), or null when kubectl is not installed. */
    static String kubectlKustomize(Path dir) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(System.getenv().getOrDefault("KUBECTL", "kubectl"), "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException notInstalled) {
            return null;
        }
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed: " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
