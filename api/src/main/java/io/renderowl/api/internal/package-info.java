/** The API's controllers, filters, error handling and JSON shapes; not for use outside the API. */
@NullMarked
package io.renderowl.api.internal;

import org.jspecify.annotations.NullMarked;
