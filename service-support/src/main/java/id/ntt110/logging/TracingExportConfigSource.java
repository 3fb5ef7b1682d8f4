package id.ntt110.logging;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Keeps span export off until an OTLP endpoint is configured in the environment or as a system property: then the
 * services' default sampling (every trace, service-support's defaults) applies; without one, the sampler ratio is 0 —
 * and the sampler ({@code traceidratio}) does not follow an incoming traceparent's sampled flag — so spans are still
 * made (their trace ids reach the logs and the next service) but none is sampled or sent.
 * Ordinal 200: above the shared defaults (100), below application.properties (250) and the environment (300).
 */
public final class TracingExportConfigSource implements ConfigSource {

    static final String SAMPLER_RATIO = "quarkus.otel.traces.sampler.arg";
    static final Set<String> ENDPOINTS = Set.of("quarkus.otel.exporter.otlp.endpoint", "quarkus.otel.exporter.otlp.traces.endpoint");

    private final Map<String, String> properties;

    public TracingExportConfigSource() {
        this(System.getenv(), System.getProperties());
    }

    TracingExportConfigSource(Map<String, String> environment, java.util.Properties systemProperties) {
        boolean endpointSet = ENDPOINTS.stream().anyMatch(key -> notBlank(systemProperties.getProperty(key))
                || notBlank(environment.get(key.toUpperCase().replace('.', '_'))));
        this.properties = endpointSet ? Map.of() : Map.of(SAMPLER_RATIO, "0.0");
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "ntt110 tracing export (off without an OTLP endpoint)";
    }

    @Override
    public int getOrdinal() {
        return 200;
    }
}
