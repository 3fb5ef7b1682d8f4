package id.ntt110.rollout;

import id.ntt110.testsupport.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The shared real PostgreSQL plus routing- and stats-service stand-ins; test classes with it share one application
 * start. The five seeded rollouts are shared too, so each test class works on its own polres.
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = RoutingStubResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = StatsStubResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithRolloutTestResources {
}
