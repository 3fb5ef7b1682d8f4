package id.ntt110.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A rendered set of manifests (one overlay, or the base), with the lookups the assertions need. */
record Suite(String label, List<HasMetadata> objects) {

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    boolean has(String kind, String name) {
        return objects.stream().anyMatch(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name));
    }

    List<Deployment> deployments() {
        return all(Deployment.class);
    }

    Deployment deployment(String name) {
        return named(Deployment.class, name);
    }

    private <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(label + ": no " + type.getSimpleName() + " " + name));
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Map<String, String> podLabels(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    List<StatefulSet> statefulSets() {
        return all(StatefulSet.class);
    }

    StatefulSet statefulSet(String name) {
        return named(StatefulSet.class, name);
    }

    static Container container(StatefulSet statefulSet) {
        return statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The labels of a StatefulSet's pod {@code ordinal}: its template's, and the pod name the controller adds. */
    static Map<String, String> podLabels(StatefulSet statefulSet, int ordinal) {
        Map<String, String> labels = new java.util.HashMap<>(statefulSet.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("statefulset.kubernetes.io/pod-name", statefulSet.getMetadata().getName() + "-" + ordinal);
        return labels;
    }

    Map<String, String> config(String configMap) {
        return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(configMap)).findFirst()
                .map(ConfigMap::getData).orElseThrow(() -> new AssertionError(label + ": no ConfigMap " + configMap));
    }

    Optional<String> env(Deployment deployment, String name) {
        return container(deployment).getEnv().stream().filter(e -> e.getName().equals(name) && e.getValue() != null)
                .map(e -> e.getValue()).findFirst();
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not evaluated by this test; use matchLabels");
        }
        Map<String, String> match = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return labels.entrySet().containsAll(match.entrySet());
    }

    /** The container port a probe, Service or policy port means (by number or by name). */
    static Optional<ContainerPort> port(Container container, IntOrString port) {
        return container.getPorts().stream().filter(p -> port.getIntVal() != null ? Objects.equals(p.getContainerPort(), port.getIntVal())
                : Objects.equals(p.getName(), port.getStrVal())).findFirst();
    }

    List<Service> services() {
        return all(Service.class);
    }

    List<NetworkPolicy> policies() {
        return all(NetworkPolicy.class);
    }

    List<PodDisruptionBudget> budgets() {
        return all(PodDisruptionBudget.class);
    }

    List<HorizontalPodAutoscaler> autoscalers() {
        return all(HorizontalPodAutoscaler.class);
    }

    List<Ingress> ingresses() {
        return all(Ingress.class);
    }

    boolean hasServiceAccount(String name) {
        return all(ServiceAccount.class).stream().anyMatch(a -> a.getMetadata().getName().equals(name));
    }
}
