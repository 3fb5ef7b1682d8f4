package id.ntt110.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TracingExportConfigSourceTest {

    @Test
    void samplesNothingWithoutAnEndpoint() {
        TracingExportConfigSource source = new TracingExportConfigSource(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", " "), new Properties());
        assertThat(source.getValue(TracingExportConfigSource.SAMPLER_RATIO)).isEqualTo("0.0");
    }

    @Test
    void leavesSamplingToTheConfigurationOnceAnEndpointIsSet() {
        assertThat(new TracingExportConfigSource(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4317"),
                new Properties()).getPropertyNames()).isEmpty();
        assertThat(new TracingExportConfigSource(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4317"),
                new Properties()).getPropertyNames()).isEmpty();
        Properties system = new Properties();
        system.setProperty("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317");
        assertThat(new TracingExportConfigSource(Map.of(), system).getPropertyNames()).isEmpty();
    }
}
