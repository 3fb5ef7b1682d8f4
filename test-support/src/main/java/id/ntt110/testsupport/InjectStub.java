package id.ntt110.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a {@code WireMockServer} test field to receive the stand-in for the service named by its REST client key. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectStub {

    /** The REST client config key of the stood-in service, e.g. {@code routing}. */
    String value();
}
