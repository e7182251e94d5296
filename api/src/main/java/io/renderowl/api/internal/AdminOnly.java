package io.renderowl.api.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint (or a whole controller) that only admins may call: system jobs, other users'
 * data, operator views. {@link AdminOnlyInterceptor} answers 403 to other users.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@interface AdminOnly {}
