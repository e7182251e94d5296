package io.renderowl.api;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * The REST API under {@code /api/v1}. Import it into a Spring Boot web application that also
 * provides {@link io.renderowl.infra.pipeline.PipelineRuns} and {@link
 * io.renderowl.infra.users.ApiTokens} beans. Only {@code io.renderowl.api.internal} is scanned, so
 * nothing else in this package (or a test's) joins the importing application.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan("io.renderowl.api.internal")
@PropertySource("classpath:io/renderowl/api/springdoc.properties")
public class ApiConfiguration {}
