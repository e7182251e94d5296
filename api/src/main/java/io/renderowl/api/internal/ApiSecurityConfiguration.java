package io.renderowl.api.internal;

import io.renderowl.infra.users.ApiTokens;
import io.renderowl.infra.users.RequestRateLimit;
import jakarta.servlet.Filter;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Authentication through Spring Security's filter chain for {@code /api/v1/**}: {@code
 * BearerTokenAuthenticationFilter} reads {@code Authorization: Bearer <token>} and hands it to
 * {@link ApiTokenAuthenticationProvider} (API keys and JWTs); stateless (no session, no CSRF: the
 * API takes no cookies for authentication), 401 and 403 in the error envelope ({@link
 * ApiAuthenticationErrors}); {@link BearerTokenFilter} then puts the user where the controllers
 * read it and applies the rate limits. Admin-only endpoints are refused by {@code
 * AdminOnlyInterceptor} and, for {@code /api/v1/admin/**}, by the chain itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class ApiSecurityConfiguration {

  static final String TRUSTED_PROXIES = "RENDEROWL_TRUSTED_PROXIES";

  @Bean
  ClientAddress apiClientAddress(Environment environment) {
    return ClientAddress.trusting(environment.getProperty(TRUSTED_PROXIES, ""));
  }

  @Bean
  SecurityFilterChain apiSecurityFilterChain(
      HttpSecurity http,
      ApiTokens tokens,
      ObjectProvider<RequestRateLimit> rateLimit,
      ErrorWriter errors,
      ClientAddress clientAddress)
      throws Exception {
    ApiAuthenticationErrors answers = new ApiAuthenticationErrors(errors);
    ProviderManager authentication =
        new ProviderManager(new ApiTokenAuthenticationProvider(tokens));
    DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
    BearerTokenResolver resolver =
        request -> BearerTokenFilter.isPublic(request) ? null : header.resolve(request);
    http.securityMatcher("/api/v1/**")
        .csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(a ->
            a.requestMatchers(BearerTokenFilter::isPublic)
                .permitAll()
                .requestMatchers("/api/v1/admin/**")
                .hasAuthority(SignedInUserAuthentication.ROLE_ADMIN)
                .anyRequest()
                .authenticated())
        .oauth2ResourceServer(o ->
            o.bearerTokenResolver(resolver)
                .authenticationManagerResolver(request -> authentication)
                .authenticationEntryPoint(answers)
                .accessDeniedHandler(answers))
        .exceptionHandling(e -> e.authenticationEntryPoint(answers).accessDeniedHandler(answers))
        .addFilterAfter(
            new BearerTokenFilter(
                rateLimit.getIfAvailable(() -> RequestRateLimit.UNLIMITED), errors, clientAddress),
            BearerTokenAuthenticationFilter.class);
    return http.build();
  }

  /**
   * A request Spring Security's firewall refuses (an encoded percent, slash or dot in the path,
   * characters it does not accept) is answered in the error envelope, not Spring Boot's error page.
   */
  @Bean
  RequestRejectedHandler apiRequestRejected(ErrorWriter errors) {
    return (request, response, rejected) ->
        errors.write(
            response,
            Objects.requireNonNullElse(RequestIdFilter.requestIdOf(request), ""),
            ApiError.ofStatus(
                HttpStatus.BAD_REQUEST,
                "The request was refused: its URL holds characters or encodings this API does"
                    + " not accept"));
  }

  /**
   * The chain runs for {@code /api/v1/*} after the request-id filter (its answers carry the id) and
   * before the body-size limit (an unauthenticated request is answered 401 whatever its size).
   */
  @Bean
  FilterRegistrationBean<Filter> apiSecurityFilterRegistration(
      @Qualifier(AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME) Filter chain) {
    var registration = new FilterRegistrationBean<>(chain);
    registration.addUrlPatterns(ApiWebConfiguration.API_URLS);
    registration.setOrder(ApiWebConfiguration.AUTH_ORDER);
    return registration;
  }
}
