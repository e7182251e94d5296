package io.renderowl.api.internal;

import io.renderowl.infra.users.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses {@link AdminOnly} endpoints to signed-in users who are not admins (403). */
final class AdminOnlyInterceptor implements HandlerInterceptor {

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (handler instanceof HandlerMethod method && adminOnly(method)) {
      boolean admin =
          request.getAttribute(BearerTokenFilter.USER) instanceof SignedInUser user && user.admin();
      if (!admin) {
        throw new ApiException(
            ApiError.forbidden(
                "Only admins may " + request.getMethod() + " " + request.getRequestURI()));
      }
    }
    return true;
  }

  static boolean adminOnly(HandlerMethod method) {
    return method.hasMethodAnnotation(AdminOnly.class)
        || method.getBeanType().isAnnotationPresent(AdminOnly.class);
  }
}
