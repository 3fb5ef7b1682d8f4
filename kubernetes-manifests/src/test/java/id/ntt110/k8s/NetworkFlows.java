package id.ntt110.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates NetworkPolicies the way a Kubernetes network plugin does (for matchLabels selectors, pod and namespace
 * peers, numbered and named ports): a connection is allowed when the source may send it (egress) and the destination
 * may receive it (ingress); a pod no policy of a direction selects is open in that direction.
 */
final class NetworkFlows {

    /** A pod of the cluster, or (with an IPv4 address, outside any namespace) a host outside it, e.g. a SIP trunk. */
    record Pod(String name, String namespace, Map<String, String> labels, Map<String, Integer> namedPorts, String ip) {
        Pod(String name, String namespace, Map<String, String> labels, Map<String, Integer> namedPorts) {
            this(name, namespace, labels, namedPorts, null);
        }

        static Pod outside(String name, String ip) {
            return new Pod(name, "(outside the cluster)", Map.of(), Map.of(), ip);
        }
    }

    record Probe(Pod source, Pod destination, int port, String protocol) {
        @Override
        public String toString() {
            return source.name + " -> " + destination.name + ":" + port + (protocol.equals("TCP") ? "" : "/" + protocol);
        }
    }

    private final List<NetworkPolicy> policies;
    private final String defaultNamespace;

    NetworkFlows(List<NetworkPolicy> policies, String defaultNamespace) {
        this.policies = policies;
        this.defaultNamespace = defaultNamespace;
    }

    static Pod of(Deployment deployment, String namespace) {
        return new Pod(deployment.getMetadata().getName(), namespace, Suite.podLabels(deployment), namedPorts(Suite.container(deployment)));
    }

    /** A StatefulSet's pod {@code ordinal} (named as the controller names it). */
    static Pod of(StatefulSet statefulSet, int ordinal, String namespace) {
        return new Pod(statefulSet.getMetadata().getName() + "-" + ordinal, namespace, Suite.podLabels(statefulSet, ordinal),
                namedPorts(Suite.container(statefulSet)));
    }

    private static Map<String, Integer> namedPorts(Container container) {
        Map<String, Integer> ports = new java.util.HashMap<>();
        for (ContainerPort port : container.getPorts()) {
            if (port.getName() != null) {
                ports.put(port.getName(), port.getContainerPort());
            }
        }
        return ports;
    }

    /** Every probe that the policies allow, as "source -> destination:port". */
    Set<String> allowed(List<Probe> probes) {
        Set<String> allowed = new TreeSet<>();
        for (Probe probe : probes) {
            if (permits(probe.source, probe.destination, probe.port, probe.protocol, "Egress")
                    && permits(probe.destination, probe.source, probe.port, probe.protocol, "Ingress")) {
                allowed.add(probe.toString());
            }
        }
        return allowed;
    }

    /** Whether {@code subject}'s policies of {@code direction} let it talk with {@code peer} on the port of {@code target}. */
    private boolean permits(Pod subject, Pod peer, int port, String protocol, String direction) {
        List<NetworkPolicy> selecting = new ArrayList<>();
        for (NetworkPolicy policy : policies) {
            String namespace = namespace(policy);
            if (namespace.equals(subject.namespace) && Suite.selects(policy.getSpec().getPodSelector(), subject.labels)
                    && types(policy).contains(direction)) {
                selecting.add(policy);
            }
        }
        if (selecting.isEmpty()) {
            return true;
        }
        Pod destination = direction.equals("Egress") ? peer : subject;
        for (NetworkPolicy policy : selecting) {
            if (direction.equals("Egress")) {
                for (var rule : nullSafe(policy.getSpec().getEgress())) {
                    if (peersMatch(rule.getTo(), namespace(policy), peer) && portsMatch(rule.getPorts(), destination, port, protocol)) {
                        return true;
                    }
                }
            } else {
                for (var rule : nullSafe(policy.getSpec().getIngress())) {
                    if (peersMatch(rule.getFrom(), namespace(policy), peer) && portsMatch(rule.getPorts(), destination, port, protocol)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private String namespace(NetworkPolicy policy) {
        return policy.getMetadata().getNamespace() == null ? defaultNamespace : policy.getMetadata().getNamespace();
    }

    private static Set<String> types(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types != null && !types.isEmpty()) {
            return Set.copyOf(types);
        }
        return policy.getSpec().getEgress() == null || policy.getSpec().getEgress().isEmpty() ? Set.of("Ingress") : Set.of("Ingress", "Egress");
    }

    private static boolean peersMatch(List<NetworkPolicyPeer> peers, String policyNamespace, Pod pod) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                // Only hosts outside the cluster are matched by address here (pods are matched by their labels).
                if (pod.ip != null && inCidr(pod.ip, peer.getIpBlock().getCidr())
                        && nullSafe(peer.getIpBlock().getExcept()).stream().noneMatch(except -> inCidr(pod.ip, except))) {
                    return true;
                }
                continue;
            }
            if (pod.ip != null) {
                continue;
            }
            boolean namespaceOk = peer.getNamespaceSelector() == null ? pod.namespace.equals(policyNamespace)
                    : Suite.selects(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", pod.namespace));
            boolean podOk = peer.getPodSelector() == null || Suite.selects(peer.getPodSelector(), pod.labels);
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Pod destination, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort rule : ports) {
            String ruleProtocol = rule.getProtocol() == null ? "TCP" : rule.getProtocol();
            if (!ruleProtocol.equals(protocol)) {
                continue;
            }
            if (rule.getPort() == null) {
                return true;
            }
            Integer number = rule.getPort().getIntVal() != null ? rule.getPort().getIntVal() : destination.namedPorts.get(rule.getPort().getStrVal());
            if (Objects.equals(number, port)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the IPv4 address lies in the IPv4 CIDR block. */
    static boolean inCidr(String ip, String cidr) {
        String[] block = cidr.split("/");
        int bits = Integer.parseInt(block[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(ip) & mask) == (ipv4(block[0]) & mask);
    }

    private static long ipv4(String address) {
        String[] octets = address.split("\\.");
        if (octets.length != 4) {
            throw new AssertionError("not an IPv4 address: " + address);
        }
        long value = 0;
        for (String octet : octets) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
