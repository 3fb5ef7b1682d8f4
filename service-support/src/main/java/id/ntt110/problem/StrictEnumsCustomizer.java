package id.ntt110.problem;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Enums in request bodies by name only: Jackson would otherwise read {@code 5} as the sixth constant, so
 * {@code {"to": 5}} moved an incident to PRANK. A number is now a 400 naming the field (JsonExceptionMappers).
 */
@Singleton
public class StrictEnumsCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    }
}
