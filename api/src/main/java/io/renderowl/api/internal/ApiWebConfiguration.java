package io.renderowl.api.internal;

import io.renderowl.infra.tracing.Tracing;
import io.renderowl.infra.users.ApiTokens;
import io.renderowl.infra.users.RequestRateLimit;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the request-id, bearer-token and body-size filters in front of {@code /api/v1/*}, the
 * admin-only check behind them, and the API's exception resolver ahead of Spring MVC's own.
 */
@Configuration(proxyBeanMethods = false)
class ApiWebConfiguration implements WebMvcConfigurer {

  private static final String API_URLS = "/api/v1/*";
  private static final int REQUEST_ID_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;
  private static final int AUTH_ORDER = REQUEST_ID_ORDER + 1;
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

  @Bean
  FilterRegistrationBean<BearerTokenFilter> apiBearerTokenFilter(
      ApiTokens tokens, ObjectProvider<RequestRateLimit> rateLimit) {
    var registration =
        new FilterRegistrationBean<>(
            new BearerTokenFilter(
                tokens, rateLimit.getIfAvailable(() -> RequestRateLimit.UNLIMITED), errors));
    registration.addUrlPatterns(API_URLS);
    registration.setOrder(AUTH_ORDER);
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

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new AdminOnlyInterceptor()).addPathPatterns("/api/v1/**");
  }

  @Override
  public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
    resolvers.add(0, new ApiExceptionResolver(errors));
  }
}
