package io.renderowl.api.internal;

import io.renderowl.infra.tracing.Tracing;
import java.util.List;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the request-id and body-size filters in front of {@code /api/v1/*} (Spring Security's chain
 * between them, {@link ApiSecurityConfiguration}), the admin-only check behind them, and the API's
 * exception resolver ahead of Spring MVC's own.
 */
@Configuration(proxyBeanMethods = false)
class ApiWebConfiguration implements WebMvcConfigurer {

  static final String API_URLS = "/api/v1/*";
  private static final int REQUEST_ID_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;
  static final int AUTH_ORDER = REQUEST_ID_ORDER + 1;
  // after authentication: an unauthenticated request is answered 401 whatever its size
  private static final int BODY_LIMIT_ORDER = AUTH_ORDER + 1;

  private final ErrorWriter errors;

  ApiWebConfiguration(ErrorWriter errors) {
    this.errors = errors;
  }

  @Bean
  FilterRegistrationBean<RequestIdFilter> apiRequestIdFilter() {
    var registration = new FilterRegistrationBean<>(new RequestIdFilter(errors));
    registration.addUrlPatterns(API_URLS);
    registration.setOrder(REQUEST_ID_ORDER);
    return registration;
  }

  @Bean
  FilterRegistrationBean<BodySizeLimitFilter> apiBodySizeLimitFilter() {
    var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(errors));
    registration.addUrlPatterns(API_URLS);
    registration.setOrder(BODY_LIMIT_ORDER);
    return registration;
  }

  /** Around everything else: the request's span, the parent of the workflow start. */
  @Bean
  FilterRegistrationBean<TracingFilter> apiTracingFilter() {
    var registration = new FilterRegistrationBean<>(new TracingFilter(Tracing::global));
    registration.addUrlPatterns(API_URLS);
    registration.setOrder(REQUEST_ID_ORDER - 1);
    return registration;
  }

  /** After authentication: the user's id joins the request id in the log context. */
  @Bean
  FilterRegistrationBean<UserLogContextFilter> apiUserLogContextFilter() {
    var registration = new FilterRegistrationBean<>(new UserLogContextFilter());
    registration.addUrlPatterns(API_URLS);
    registration.setOrder(AUTH_ORDER + 1);
    return registration;
  }

  /**
   * Tomcat's HTML error page replaced by the error envelope on the host, for the requests Tomcat
   * answers itself before any filter runs (ordered after Spring Boot's own valve customizer).
   */
  @Bean
  WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> apiJsonErrorReportValve() {
    return new JsonErrorValveCustomizer(errors);
  }

  private record JsonErrorValveCustomizer(ErrorWriter errors)
      implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
      factory.addContextCustomizers(context -> {
        if (context.getParent() instanceof StandardHost host) {
          for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve) {
              host.getPipeline().removeValve(valve);
            }
          }
          // the host adds a valve of this class at start only when it has none
          host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
          host.getPipeline().addValve(new JsonErrorReportValve(errors));
        }
      });
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new AdminOnlyInterceptor()).addPathPatterns("/api/v1/**");
  }

  @Override
  public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
    resolvers.add(0, new ApiExceptionResolver(errors));
  }
}
